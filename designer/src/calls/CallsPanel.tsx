// Recent calls; opening one lights its path on the canvas (with per-edge counts over the recent
// calls of the same flow) and shows its SIP ladder, with the messages as a pcap to download.
import type { CallTrace } from "@ringflow/flow";
import { traceToPcap } from "@ringflow/flow/trace";
import { useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { CallSummary } from "../api/client.js";
import { describeError, loadFlow, useClient } from "../app/remote.js";
import { useDesigner } from "../app/store.js";
import { edgeCounts } from "../core/canvas.js";

const RECENT_FOR_COUNTS = 20;

/** The number (or user) of a SIP From/To header or URI: `"Bob" <sip:+1555@host>;tag=x` -> +1555. */
export function party(header: string): string {
  const m = /sips?:([^@;>\s]+)/.exec(header);
  return m?.[1] ?? header;
}

export function CallsPanel() {
  const { client } = useClient();
  const flowId = useDesigner((s) => s.remote.flowId);
  const setOverlay = useDesigner((s) => s.setOverlay);
  const rf = useReactFlow();
  const [calls, setCalls] = useState<CallSummary[]>([]);
  const [trace, setTrace] = useState<CallTrace | null>(() => useDesigner.getState().overlay?.trace ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    if (!client.configured) return;
    setBusy(true);
    try {
      setCalls(await client.listCalls(50));
      setError(null);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }, [client]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const open = async (c: CallSummary) => {
    try {
      const t = await client.getCall(c.callId);
      setTrace(t);
      if (t.flowId && t.flowId !== useDesigner.getState().remote.flowId) await loadFlow(client, t.flowId);
      const flow = useDesigner.getState().flow;
      const sameFlow = calls
        .filter((x) => x.flowId === t.flowId && x.callId !== t.callId)
        .slice(0, RECENT_FOR_COUNTS - 1);
      const others = await Promise.all(sameFlow.map((x) => client.getCall(x.callId).catch(() => null)));
      const paths = [t, ...others.filter((x): x is CallTrace => x !== null)].map((x) => x.path);
      setOverlay({ source: "call", path: t.path, edgeCounts: edgeCounts(flow, paths), trace: t });
      const onCanvas = t.path.filter((id) => flow.nodes[id]).map((id) => ({ id }));
      if (onCanvas.length > 0)
        // The ladder drawer covers the bottom 42% of the canvas: fit the path into the rest.
        void rf.fitView({
          nodes: onCanvas,
          padding: { top: "30px", left: "30px", right: "30px", bottom: "46%" },
          maxZoom: 1,
          duration: 200,
        });
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  };

  const pcapUrl = useMemo(() => {
    if (!trace) return null;
    const bytes = traceToPcap(trace);
    return URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/vnd.tcpdump.pcap" }));
  }, [trace]);
  useEffect(() => () => (pcapUrl ? URL.revokeObjectURL(pcapUrl) : undefined), [pcapUrl]);

  if (!client.configured) {
    return <p className="muted">Set the API address and key in Settings to see the calls.</p>;
  }
  return (
    <div className="calls">
      <div className="row">
        <h2>Recent calls</h2>
        <button type="button" className="small" onClick={() => void refresh()} disabled={busy}>
          Refresh
        </button>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {calls.length === 0 && !error ? <p className="muted">No calls yet.</p> : null}
      <ul className="call-list" aria-label="Recent calls">
        {calls.map((c) => (
          <li key={c.callId} className={trace?.callId === c.callId ? "open" : ""}>
            <button
              type="button"
              onClick={() => void open(c)}
              aria-label={`Open call from ${c.from} to ${c.to}`}
            >
              <span className="when">{new Date(c.startedAt).toLocaleTimeString()}</span>
              <span className="who">
                {party(c.from)} → {c.number ?? party(c.to)}
              </span>
              <span className={`outcome ${c.outcome}`}>
                {c.outcome} {c.finalStatus}
              </span>
              {c.flowId && c.flowId !== flowId ? <small>flow {c.flowId}</small> : null}
            </button>
          </li>
        ))}
      </ul>
      {trace ? (
        <section className="trace" aria-label={`Call ${trace.callId}`}>
          <h3>
            Call path: {trace.path.join(" → ") || "(none)"} <small>({trace.outcome})</small>
          </h3>
          <div className="trace-actions">
            {pcapUrl ? (
              <a className="button small" href={pcapUrl} download={`${trace.callId}.pcap`}>
                Download pcap
              </a>
            ) : null}
            <button
              type="button"
              className="small ghost"
              onClick={() => {
                setTrace(null);
                setOverlay(null);
              }}
            >
              Close
            </button>
          </div>
          <p className="muted">The SIP ladder is shown under the canvas.</p>
          {trace.decisions.length > 0 ? (
            <details>
              <summary>Decisions ({trace.decisions.length})</summary>
              <ol>
                {trace.decisions.map((d, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a static list
                  <li key={i}>
                    {d.event}: {d.actions.join(", ")} ({d.latencyMs.toFixed(1)} ms)
                    {d.error ? ` — ${d.error}` : ""}
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
