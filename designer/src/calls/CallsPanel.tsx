// Calls in progress (the node each is at, how long so far; refreshed every 2 s while "Live" is on
// and marked on the open flow's canvas), then recent calls: filter by flow, number, outcome and
// period, refreshed every few seconds while "Live" is on; each with its duration and why it ended.
// A call that leaves the live list moves to the ended ones as soon as its trace is stored. Opening one (its URL is /calls/:id) lights
// its path on the canvas with per-edge counts over the period's calls of the same flow, and shows
// its ladder under the canvas, with the messages as a pcap to download (built here from the trace)
// and, when its flow captured RTP, the pcap with the call's RTP merged in (from the API).
import { partyOf } from "@ringflow/flow/protocol";
import { traceToPcap } from "@ringflow/flow/trace";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { CallSummary } from "../api/client.js";
import { describeError, useClient } from "../app/remote.js";
import { useDesigner } from "../app/store.js";
import { nodeName } from "../app/words.js";
import { useNav } from "../nav/nav.js";
import { periodCounts } from "./counts.js";
import { endedSince, liveElapsed, liveLine, liveNodeName } from "./live.js";
import { type CallFilter, callReason, duration, filterCalls, type Period, rtpCaptureNote } from "./words.js";

const REFRESH_MS = 5000;
const LIVE_REFRESH_MS = 2000;
/** Live refreshes a finished call is looked for among the ended ones before we stop hurrying. */
const ENDED_TRIES = 15;
const OUTCOMES = [
  "redirected",
  "bridged",
  "hungup",
  "rejected",
  "fallback",
  "cancelled",
  "voicemail",
  "failed",
];

const PERIOD_WORDS: Record<Period, string> = {
  hour: "in the last hour",
  day: "in the last 24 hours",
  week: "in the last 7 days",
  all: "kept",
};

export function CallsPanel() {
  const { client } = useClient();
  const flowId = useDesigner((s) => s.remote.flowId);
  const flow = useDesigner((s) => s.flow);
  const trace = useDesigner((s) => (s.overlay?.source === "call" ? s.overlay.trace : undefined));
  const setOverlay = useDesigner((s) => s.setOverlay);
  const go = useNav((s) => s.go);
  const [calls, setCalls] = useState<CallSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [live, setLive] = useState(true);
  const [filter, setFilter] = useState<CallFilter>({
    flowId: flowId ?? "",
    number: "",
    outcome: "",
    period: "day",
  });
  const [now, setNow] = useState(() => Date.now());
  const [countsNote, setCountsNote] = useState<string | null>(null);
  const liveSnap = useDesigner((s) => s.live);
  const setLiveSnap = useDesigner((s) => s.setLive);
  const [clock, setClock] = useState(() => Date.now());
  /** Calls that left the live list and are not among the ended ones yet (tries left). */
  const awaitingTrace = useRef(new Map<string, number>());

  const refresh = useCallback(async () => {
    if (!client.configured) return;
    setBusy(true);
    try {
      const listed = await client.listCalls(100);
      setCalls(listed);
      for (const c of listed) awaitingTrace.current.delete(c.callId);
      setNow(Date.now());
      setError(null);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }, [client]);
  useEffect(() => {
    void refresh();
    if (!live) return;
    const t = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(t);
  }, [refresh, live]);

  const refreshLive = useCallback(async () => {
    if (!client.configured) return;
    try {
      const r = await client.listLiveCalls();
      const before = useDesigner.getState().live?.calls ?? [];
      setLiveSnap({ calls: r.calls, serverNow: r.now, receivedAt: Date.now() });
      for (const id of endedSince(before, r.calls)) awaitingTrace.current.set(id, ENDED_TRIES);
      // A call that just ended: look for it among the ended calls now, not at the next slow refresh.
      if (awaitingTrace.current.size > 0) {
        for (const [id, left] of awaitingTrace.current)
          if (left <= 1) awaitingTrace.current.delete(id);
          else awaitingTrace.current.set(id, left - 1);
        void refresh();
      }
    } catch (e) {
      setError(describeError(e));
    }
  }, [client, refresh, setLiveSnap]);
  useEffect(() => {
    void refreshLive();
    if (!live) return;
    const t = setInterval(() => void refreshLive(), LIVE_REFRESH_MS);
    const c = setInterval(() => setClock(Date.now()), 1000);
    return () => {
      clearInterval(t);
      clearInterval(c);
    };
  }, [refreshLive, live]);
  // Leaving the calls view: the canvas stops showing calls it no longer watches.
  useEffect(() => () => setLiveSnap(null), [setLiveSnap]);
  const liveShown = useMemo(() => {
    const num = filter.number.trim();
    return (liveSnap?.calls ?? []).filter(
      (c) =>
        (!filter.flowId || c.flowId === filter.flowId) &&
        (!num || (c.number ?? c.to).includes(num) || c.from.includes(num)),
    );
  }, [liveSnap, filter.flowId, filter.number]);

  const shown = useMemo(() => filterCalls(calls, filter, now), [calls, filter, now]);
  const flows = useMemo(
    () => [...new Set(calls.map((c) => c.flowId).filter((x): x is string => !!x))],
    [calls],
  );
  const set = (p: Partial<CallFilter>) => setFilter((f) => ({ ...f, ...p }));

  const pcapUrl = useMemo(() => {
    if (!trace) return null;
    const bytes = traceToPcap(trace);
    return URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/vnd.tcpdump.pcap" }));
  }, [trace]);
  useEffect(() => () => (pcapUrl ? URL.revokeObjectURL(pcapUrl) : undefined), [pcapUrl]);
  // The pcap with RTP comes from the API (the capture is in the recordings bucket): fetched with
  // the key on press, then saved as a download.
  const [rtpPcap, setRtpPcap] = useState<{ callId: string; busy: boolean; error: string | null } | null>(
    null,
  );
  const rtp = rtpPcap?.callId === trace?.callId ? rtpPcap : null;
  const downloadRtp = async (callId: string) => {
    setRtpPcap({ callId, busy: true, error: null });
    try {
      const url = URL.createObjectURL(await client.callPcap(callId, { rtp: true }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `${callId.replace(/[^A-Za-z0-9._-]/g, "_")}-rtp.pcap`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setRtpPcap({ callId, busy: false, error: null });
    } catch (e) {
      setRtpPcap({ callId, busy: false, error: describeError(e) });
    }
  };

  if (!client.configured) {
    return <p className="muted">Set the API address and key in Settings to see the calls.</p>;
  }
  return (
    <div className="calls">
      <div className="row">
        <h2>Calls</h2>
        <button
          type="button"
          className="small"
          onClick={() => {
            void refresh();
            void refreshLive();
          }}
          disabled={busy}
        >
          Refresh
        </button>
        <label className="check">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live
        </label>
      </div>
      <fieldset className="plain call-filters" aria-label="Filter calls">
        <label htmlFor="calls-flow">Flow</label>
        <select id="calls-flow" value={filter.flowId} onChange={(e) => set({ flowId: e.target.value })}>
          <option value="">All flows</option>
          {[...new Set([...(flowId ? [flowId] : []), ...flows])].map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <label htmlFor="calls-number">Number</label>
        <input
          id="calls-number"
          value={filter.number}
          placeholder="+1555…"
          onChange={(e) => set({ number: e.target.value })}
        />
        <label htmlFor="calls-outcome">Outcome</label>
        <select id="calls-outcome" value={filter.outcome} onChange={(e) => set({ outcome: e.target.value })}>
          <option value="">Any</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        <label htmlFor="calls-period">Period</label>
        <select
          id="calls-period"
          value={filter.period}
          onChange={(e) => set({ period: e.target.value as Period })}
        >
          <option value="hour">Last hour</option>
          <option value="day">Last 24 hours</option>
          <option value="week">Last 7 days</option>
          <option value="all">All kept</option>
        </select>
      </fieldset>
      {flowId ? (
        <div className="row">
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() => {
              const period = PERIOD_WORDS[filter.period];
              const ofFlow = shown.filter((c) => c.flowId === flowId);
              setBusy(true);
              void periodCounts(client, flow, ofFlow)
                .then((r) => {
                  setOverlay({
                    source: "call",
                    path: [],
                    nodeCounts: r.nodeCounts,
                    edgeCounts: r.edgeCounts,
                  });
                  setCountsNote(
                    `${r.calls} call${r.calls === 1 ? "" : "s"} of this flow ${period}, on the canvas.`,
                  );
                })
                .catch((e: unknown) => setError(describeError(e)))
                .finally(() => setBusy(false));
            }}
          >
            Counts on the canvas
          </button>
          {countsNote ? (
            <span className="muted" role="status">
              {countsNote}
            </span>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <h3>In progress</h3>
      {liveShown.length === 0 ? (
        <p className="muted">No calls in progress{live ? "" : " (Live is off)"}.</p>
      ) : (
        <ul className="call-list live-calls" aria-label="Calls in progress">
          {liveShown.map((c) => {
            const name = liveNodeName(c, flow, flowId);
            const line = liveLine(c, name, liveSnap ? liveElapsed(liveSnap, c, clock) : 0);
            return (
              <li key={c.callId} aria-label={`In progress: ${line}`}>
                <span className="who">
                  <span className="dot" aria-hidden="true">
                    ●
                  </span>{" "}
                  {line}
                </span>
                {c.flowId !== flowId ? <small>flow {c.flowId}</small> : null}
              </li>
            );
          })}
        </ul>
      )}
      <h3>Ended</h3>
      {shown.length === 0 && !error ? <p className="muted">No calls match.</p> : null}
      <ul className="call-list" aria-label="Recent calls">
        {shown.map((c) => (
          <li key={c.callId} className={trace?.callId === c.callId ? "open" : ""}>
            <button
              type="button"
              onClick={() => go({ name: "call", callId: c.callId }, { flowId: c.flowId })}
              aria-label={`Open call from ${c.from} to ${c.to}`}
            >
              <span className="when">{new Date(c.startedAt).toLocaleTimeString()}</span>
              <span className="who">
                {partyOf(c.from)} → {c.number ?? partyOf(c.to)} · {duration(c.endedAt - c.startedAt)}
              </span>
              <span className={`outcome ${c.outcome}`}>{callReason(c)}</span>
              {c.flowId && c.flowId !== flowId ? <small>flow {c.flowId}</small> : null}
            </button>
          </li>
        ))}
      </ul>
      {trace ? (
        <section className="trace" aria-label={`Call ${trace.callId}`}>
          <h3>
            Call path:{" "}
            {trace.path.map((id) => (flow.nodes[id] ? nodeName(flow, id) : id)).join(" → ") || "(none)"}
          </h3>
          <p className="path-ids muted" title="The path by node id">
            {trace.path.join(" → ")}
          </p>
          <p>
            {callReason(trace, trace.decisions)} · {duration(trace.endedAt - trace.startedAt)}
          </p>
          <div className="trace-actions">
            {pcapUrl ? (
              <a className="button small" href={pcapUrl} download={`${trace.callId}.pcap`}>
                Download pcap (SIP only)
              </a>
            ) : null}
            <button
              type="button"
              className="small"
              disabled={!trace.rtpCapture || rtp?.busy}
              aria-busy={rtp?.busy ?? false}
              aria-describedby="call-rtp-note"
              onClick={() => void downloadRtp(trace.callId)}
            >
              Download pcap with RTP
            </button>
            <button type="button" className="small ghost" onClick={() => setOverlay(null)}>
              Close
            </button>
          </div>
          <p id="call-rtp-note" className="muted">
            {rtpCaptureNote(trace)}
          </p>
          {rtp?.error ? (
            <p className="error" role="alert">
              The pcap with RTP could not be downloaded: {rtp.error}
            </p>
          ) : null}
          <p className="muted">The SIP ladder is under the canvas: press a message to read it whole.</p>
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
