// The opened call's SIP ladder, under the canvas (beside the path it lights), full size.
import { renderLadderSvg, renderLadderText } from "@ringflow/flow/trace";
import { useMemo, useState } from "react";
import { useDesigner } from "../app/store.js";

export function LadderDrawer() {
  const trace = useDesigner((s) => (s.overlay?.source === "call" ? s.overlay.trace : undefined));
  const [asText, setAsText] = useState(false);
  const svg = useMemo(() => (trace ? renderLadderSvg(trace) : ""), [trace]);
  if (!trace) return null;
  return (
    <section className="ladder-drawer" aria-label={`SIP ladder of call ${trace.callId}`}>
      <header>
        <strong>SIP ladder</strong>{" "}
        <span className="muted">
          {trace.sip.length} messages · {trace.outcome} {trace.finalStatus}
        </span>
        <button type="button" className="small ghost" onClick={() => setAsText(!asText)}>
          {asText ? "As diagram" : "As text"}
        </button>
      </header>
      <div className="ladder">
        {asText ? (
          <pre>{renderLadderText(trace)}</pre>
        ) : (
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
            alt={`SIP ladder of call ${trace.callId}`}
          />
        )}
      </div>
    </section>
  );
}
