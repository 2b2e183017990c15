import { FieldErrors, fieldDomId } from "../../app/fields.js";
import { fieldIssues } from "../../core/paths.js";
import { renameKey } from "../keys.js";
import type { InspectorProps } from "../types.js";

export function SetInspector({ node, issues, onChange }: InspectorProps<"set">) {
  const entries = Object.entries(node.assign);
  return (
    <fieldset aria-label="Assignments" className="plain keys-editor">
      {entries.map(([k, v], i) => {
        const id = fieldDomId(`assign.${k}`);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
          <div className="row" key={i}>
            <label htmlFor={`${id}-name`}>{`Variable ${i + 1}`}</label>
            <input
              id={`${id}-name`}
              className="key"
              value={k}
              onChange={(e) =>
                e.target.value &&
                !(e.target.value in node.assign) &&
                onChange({ ...node, assign: renameKey(node.assign, k, e.target.value) })
              }
            />
            <label htmlFor={id} className="sr-only">{`Value of ${k}`}</label>
            <input
              id={id}
              value={v}
              onChange={(e) => onChange({ ...node, assign: { ...node.assign, [k]: e.target.value } }, id)}
            />
            <button
              type="button"
              className="small"
              aria-label={`Remove variable ${k}`}
              onClick={() => {
                const assign = { ...node.assign };
                delete assign[k];
                onChange({ ...node, assign });
              }}
            >
              ✕
            </button>
            <FieldErrors issues={fieldIssues(issues, `assign.${k}`)} id={`${id}-err`} />
          </div>
        );
      })}
      <button
        type="button"
        className="small"
        onClick={() => {
          let n = entries.length + 1;
          while (`var${n}` in node.assign) n++;
          onChange({ ...node, assign: { ...node.assign, [`var${n}`]: "" } });
        }}
      >
        Add variable
      </button>
      <small className="hint">
        Values may use {"{caller}"}, {"{called}"}, {"{digits}"}, {"{var:name}"}.
      </small>
    </fieldset>
  );
}
