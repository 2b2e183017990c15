// The opened call's SIP ladder, under the canvas: lanes named Caller / Ringflow / Callee (with
// their addresses), one arrow per message; pressing an arrow opens the message's full text.
import { renderLadderText } from "@ringflow/flow/trace";
import { useMemo, useState } from "react";
import { useDesigner } from "../app/store.js";
import { callReason, namedLadder } from "./words.js";

const LANE_W = 200;
const ROW_H = 30;
const TOP = 50;
const LEFT = 70;

export function LadderDrawer() {
  const trace = useDesigner((s) => (s.overlay?.source === "call" ? s.overlay.trace : undefined));
  const [asText, setAsText] = useState(false);
  const [openMsg, setOpenMsg] = useState<number | null>(null);
  const ladder = useMemo(() => (trace ? namedLadder(trace) : null), [trace]);
  const sorted = useMemo(() => (trace ? [...trace.sip].sort((a, b) => a.at - b.at) : []), [trace]);
  if (!trace || !ladder) return null;
  const width = LEFT + Math.max(1, ladder.lanes.length) * LANE_W + 20;
  const height = TOP + Math.max(1, ladder.arrows.length) * ROW_H + 10;
  const x = (lane: number) => LEFT + lane * LANE_W + LANE_W / 2;
  const shown = openMsg !== null ? sorted[openMsg] : undefined;
  return (
    <section className="ladder-drawer" aria-label={`SIP ladder of call ${trace.callId}`}>
      <header>
        <strong>SIP ladder</strong>{" "}
        <span className="muted">
          {trace.sip.length} messages · {callReason(trace, trace.decisions)}
        </span>
        <button type="button" className="small ghost" onClick={() => setAsText(!asText)}>
          {asText ? "As diagram" : "As text"}
        </button>
      </header>
      <div className="ladder">
        {asText ? (
          <pre>{renderLadderText(trace)}</pre>
        ) : (
          <svg
            width={width}
            height={height}
            viewBox={`0 0 ${width} ${height}`}
            role="img"
            aria-label={`SIP ladder of call ${trace.callId}: ${ladder.names.join(", ")}`}
            className="ladder-svg"
          >
            <defs>
              <marker
                id="ladder-arrow"
                viewBox="0 0 10 10"
                refX="10"
                refY="5"
                markerWidth="8"
                markerHeight="8"
                orient="auto-start-reverse"
              >
                <path d="M0,0 L10,5 L0,10 z" className="ladder-head" />
              </marker>
            </defs>
            {ladder.lanes.map((addr, i) => (
              <g key={addr}>
                <text x={x(i)} y={18} textAnchor="middle" className="lane-name">
                  {ladder.names[i]}
                </text>
                <text x={x(i)} y={34} textAnchor="middle" className="lane-addr">
                  {addr}
                </text>
                <line x1={x(i)} y1={40} x2={x(i)} y2={height - 4} className="lane-line" />
              </g>
            ))}
            {ladder.arrows.map((a, i) => {
              const y = TOP + i * ROW_H + ROW_H / 2;
              const x1 = x(a.from);
              const x2 = x(a.to);
              return (
                // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>
                <g
                  // biome-ignore lint/suspicious/noArrayIndexKey: a static list
                  key={i}
                  role="button"
                  tabIndex={0}
                  aria-label={`${a.label} from ${ladder.names[a.from]} to ${ladder.names[a.to]} at ${a.t.toFixed(3)} s: show the message`}
                  className={`ladder-msg${openMsg === i ? " open" : ""}`}
                  onClick={() => setOpenMsg(openMsg === i ? null : i)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" || e.key === " ") {
                      e.preventDefault();
                      setOpenMsg(openMsg === i ? null : i);
                    }
                  }}
                >
                  <rect
                    x={Math.min(x1, x2)}
                    y={y - 14}
                    width={Math.abs(x2 - x1) || 10}
                    height={22}
                    className="hit"
                  />
                  <text x={6} y={y + 4} className="lane-addr">
                    {a.t.toFixed(3)}
                  </text>
                  <line x1={x1} y1={y} x2={x2} y2={y} markerEnd="url(#ladder-arrow)" className="msg-line" />
                  <text x={(x1 + x2) / 2} y={y - 4} textAnchor="middle" className="msg-label">
                    {a.label}
                  </text>
                </g>
              );
            })}
          </svg>
        )}
        {shown ? (
          <section className="sip-message" aria-label="SIP message">
            <header>
              <strong>{shown.summary}</strong>{" "}
              <span className="muted">
                {shown.dir === "in" ? "received from" : "sent to"} {shown.remote} (
                {shown.transport.toUpperCase()}, leg {shown.leg}){shown.truncated ? " · cut short" : ""}
              </span>
              <button type="button" className="small ghost" onClick={() => setOpenMsg(null)}>
                Close
              </button>
            </header>
            <pre>{shown.raw}</pre>
          </section>
        ) : null}
      </div>
    </section>
  );
}
