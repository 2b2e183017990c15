// The ring list: targets in order (sequential hunts top to bottom), each with its own timeout.
import type { Target } from "@ringflow/flow";
import { FieldErrors, fieldDomId } from "../../app/fields.js";
import type { FlowIssue } from "../../core/flowlib.js";
import { fieldIssues } from "../../core/paths.js";

export function RingList(props: {
  targets: Target[];
  issues: FlowIssue[];
  onChange(t: Target[], key?: string): void;
}) {
  const { targets } = props;
  const set = (i: number, t: Target, key?: string) =>
    props.onChange(
      targets.map((x, j) => (j === i ? t : x)),
      key,
    );
  const move = (i: number, d: number) => {
    const next = [...targets];
    const [t] = next.splice(i, 1);
    next.splice(i + d, 0, t as Target);
    props.onChange(next);
  };
  return (
    <fieldset className="plain ring-list" aria-label="Ring list">
      {targets.map((t, i) => {
        const uriId = fieldDomId(`targets.${i}.uri`);
        const toId = fieldDomId(`targets.${i}.timeoutSec`);
        const errs = fieldIssues(props.issues, `targets.${i}`);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the ring order
          <div className={`row${errs.length ? " has-error" : ""}`} key={i}>
            <label htmlFor={uriId}>{`Target ${i + 1}`}</label>
            <input
              id={uriId}
              value={t.uri}
              placeholder="+15551234567 or sip:alice@example.com"
              aria-invalid={errs.length > 0 || undefined}
              onChange={(e) => set(i, { ...t, uri: e.target.value }, `targets.${i}.uri`)}
            />
            <label htmlFor={toId} className="sr-only">{`Target ${i + 1} ring seconds`}</label>
            <input
              id={toId}
              className="narrow"
              type="number"
              min={1}
              max={300}
              placeholder="s"
              title="Ring seconds for this target"
              value={t.timeoutSec ?? ""}
              onChange={(e) =>
                set(i, e.target.value === "" ? { uri: t.uri } : { ...t, timeoutSec: Number(e.target.value) })
              }
            />
            <button
              type="button"
              className="small"
              aria-label={`Move target ${i + 1} up`}
              disabled={i === 0}
              onClick={() => move(i, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="small"
              aria-label={`Move target ${i + 1} down`}
              disabled={i === targets.length - 1}
              onClick={() => move(i, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className="small"
              aria-label={`Remove target ${i + 1}`}
              disabled={targets.length === 1}
              onClick={() => props.onChange(targets.filter((_, j) => j !== i))}
            >
              ✕
            </button>
            <FieldErrors issues={errs} id={`${uriId}-err`} />
          </div>
        );
      })}
      <button type="button" className="small" onClick={() => props.onChange([...targets, { uri: "" }])}>
        Add target
      </button>
    </fieldset>
  );
}
