// Recent calls; opening one lights its path on the canvas (with per-edge counts over the recent
// calls of the same flow) and shows its SIP ladder, with the messages as a pcap to download.
import type { CallTrace } from "@ringflow/flow";
import { renderLadderSvg, renderLadderText, traceToPcap } from "@ringflow/flow/trace";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { CallSummary } from "../api/types.js";
import { describeError, loadFlow, useClient } from "../app/remote.js";
import { useDesigner } from "../app/store.js";
import { edgeCounts } from "../core/canvas.js";

const RECENT_FOR_COUNTS = 20;

export function CallsPanel() {
  const { client } = useClient();
  const flowId = useDesigner((s) => s.remote.flowId);
  const setOverlay = useDesigner((s) => s.setOverlay);
  const [calls, setCalls] = useState<CallSummary[]>([]);
  const [trace, setTrace] = useState<CallTrace | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
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
      setOverlay({ source: "call", path: t.path, edgeCounts: edgeCounts(flow, paths) });
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  };

  const ladder = useMemo(() => (trace ? renderLadderSvg(trace) : null), [trace]);
  const pcapUrl = useMemo(() => {
    if (!trace) return null;
    const bytes = traceToPcap(trace);
    return URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/vnd.tcpdump.pcap" }));
  }, [trace]);
  useEffect(() => () => (pcapUrl ? URL.revokeObjectURL(pcapUrl) : undefined), [pcapUrl]);

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
                {c.from} → {c.number ?? c.to}
              </span>
              <span className={`outcome ${c.outcome}`}>
                {c.outcome} {c.finalStatus}
              </span>
              {c.flowId && c.flowId !== flowId ? <small>flow {c.flowId}</small> : null}
            </button>
          </li>
        ))}
      </ul>
      {trace && ladder ? (
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
          <div className="ladder">
            <img
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(ladder)}`}
              alt={`SIP ladder of call ${trace.callId}`}
            />
          </div>
          <details>
            <summary>Ladder as text</summary>
            <pre>{renderLadderText(trace)}</pre>
          </details>
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
