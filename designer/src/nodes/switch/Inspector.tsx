import type { Condition, NodeOf } from "@ringflow/flow";
import { FieldErrors, fieldDomId, Section } from "../../app/fields.js";
import { fieldIssues } from "../../core/paths.js";
import type { InspectorProps } from "../types.js";

const OPS: Condition["op"][] = ["equals", "startsWith", "contains", "matches", "in"];
type Case = NodeOf<"switch">["cases"][number];

export function SwitchInspector({ node, issues, onChange }: InspectorProps<"switch">) {
  const setCase = (i: number, c: Case, key?: string) =>
    onChange({ ...node, cases: node.cases.map((x, j) => (j === i ? c : x)) }, key);
  const split = node.split ?? [];
  const total = split.reduce((s, x) => s + x.percent, 0);
  return (
    <>
      <Section title="Cases (first match wins)">
        {node.cases.map((c, i) => {
          const base = `cases.${i}.when`;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: cases are ordered positions
            <div className="row case" key={i}>
              <label htmlFor={fieldDomId(`${base}.subject`)}>{`Case ${i + 1} reads`}</label>
              <input
                id={fieldDomId(`${base}.subject`)}
                list="switch-subjects"
                className="narrow-2"
                value={c.when.subject}
                onChange={(e) =>
                  setCase(i, { ...c, when: { ...c.when, subject: e.target.value } }, `${base}.subject`)
                }
              />
              <label htmlFor={fieldDomId(`${base}.op`)} className="sr-only">{`Case ${i + 1} test`}</label>
              <select
                id={fieldDomId(`${base}.op`)}
                value={c.when.op}
                onChange={(e) =>
                  setCase(i, { ...c, when: { ...c.when, op: e.target.value as Condition["op"] } })
                }
              >
                {OPS.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
              <label htmlFor={fieldDomId(`${base}.value`)} className="sr-only">{`Case ${i + 1} value`}</label>
              <input
                id={fieldDomId(`${base}.value`)}
                value={c.when.value}
                onChange={(e) =>
                  setCase(i, { ...c, when: { ...c.when, value: e.target.value } }, `${base}.value`)
                }
              />
              <button
                type="button"
                className="small"
                aria-label={`Remove case ${i + 1}`}
                onClick={() => onChange({ ...node, cases: node.cases.filter((_, j) => j !== i) })}
              >
                ✕
              </button>
              <FieldErrors issues={fieldIssues(issues, base)} id={`${base}-err`} />
            </div>
          );
        })}
        <datalist id="switch-subjects">
          <option value="caller" />
          <option value="called" />
          <option value="digits" />
          <option value="var:" />
        </datalist>
        <button
          type="button"
          className="small"
          onClick={() =>
            onChange({
              ...node,
              cases: [...node.cases, { when: { subject: "caller", op: "equals", value: "" } }],
            })
          }
        >
          Add case
        </button>
      </Section>
      <Section title="Percentage split (when no case matches)">
        {split.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: split arms are positions
          <div className="row" key={i}>
            <label htmlFor={fieldDomId(`split.${i}.percent`)}>{`Share ${i + 1} (%)`}</label>
            <input
              id={fieldDomId(`split.${i}.percent`)}
              type="number"
              min={0}
              max={100}
              value={s.percent}
              onChange={(e) =>
                onChange({
                  ...node,
                  split: split.map((x, j) => (j === i ? { ...x, percent: Number(e.target.value) } : x)),
                })
              }
            />
            <button
              type="button"
              className="small"
              aria-label={`Remove share ${i + 1}`}
              onClick={() => {
                const rest = split.filter((_, j) => j !== i);
                onChange({ ...node, split: rest.length ? rest : undefined });
              }}
            >
              ✕
            </button>
          </div>
        ))}
        {split.length > 0 ? (
          <p className={total === 100 ? "muted" : "warn"}>Shares add up to {total}%.</p>
        ) : null}
        <FieldErrors issues={fieldIssues(issues, "split")} id="split-err" />
        <button
          type="button"
          className="small"
          onClick={() => onChange({ ...node, split: [...split, { percent: split.length ? 0 : 100 }] })}
        >
          Add share
        </button>
      </Section>
    </>
  );
}
