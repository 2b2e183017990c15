// Every issue of the draft; pressing one selects its node and focuses the field it names.
import { useReactFlow } from "@xyflow/react";
import { locateIssue } from "../core/paths.js";
import { useDesigner } from "./store.js";
import { fieldWords, nodeName } from "./words.js";

export function ProblemsPanel() {
  const issues = useDesigner((s) => s.issues);
  const flow = useDesigner((s) => s.flow);
  const select = useDesigner((s) => s.select);
  const setPanel = useDesigner((s) => s.setPanel);
  const rf = useReactFlow();
  if (issues.length === 0) return <p className="ok">No problems. This flow can be published.</p>;
  const sorted = [...issues].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1,
  );
  return (
    <ul className="problems" aria-label="Problems">
      {sorted.map((i) => {
        const { node, field } = locateIssue(i);
        const n = node ? flow.nodes[node] : undefined;
        const where = n && node ? nodeName(flow, node) : "Flow settings";
        return (
          <li key={`${i.code}:${i.path.join(".")}`} className={i.severity}>
            <button
              type="button"
              onClick={() => {
                if (node && n) {
                  select([node], field);
                  const pos = flow.layout[node];
                  if (pos)
                    rf.setCenter(pos.x + 110, pos.y + 60, {
                      zoom: Math.max(rf.getZoom(), 0.8),
                      duration: 200,
                    });
                } else setPanel("settings");
              }}
            >
              <span className="sev" aria-hidden="true">
                {i.severity === "error" ? "●" : "▲"}
              </span>
              <span className="sr-only">{i.severity}:</span>
              <strong>{where}</strong>
              {field ? (
                <span className="field-name" title={i.path.join(".")}>
                  {fieldWords(field)}
                </span>
              ) : null}
              <span className="msg">{i.message}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
