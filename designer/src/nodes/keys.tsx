// Editor for record-keyed outputs (menu keys, decision routes): rename, add, remove. Which node a
// key leads to is set in the inspector's Outputs section or by dragging from its handle.
import { useState } from "react";
import { FieldErrors, fieldDomId } from "../app/fields.js";
import type { FlowIssue } from "../core/flowlib.js";
import { fieldIssues } from "../core/paths.js";

/** Rename a key keeping the order of the others. */
export function renameKey<V>(rec: Record<string, V>, from: string, to: string): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [k, v] of Object.entries(rec)) out[k === from ? to : k] = v;
  return out;
}

export function KeysEditor(props: {
  label: string;
  field: string;
  keys: Record<string, string>;
  issues: FlowIssue[];
  pattern: RegExp;
  addLabel: string;
  suggest(keys: string[]): string;
  onChange(next: Record<string, string>): void;
}) {
  const [draft, setDraft] = useState<Record<string, string>>({});
  const entries = Object.entries(props.keys);
  return (
    <fieldset className="plain keys-editor" aria-label={props.label}>
      {entries.map(([k], i) => {
        const text = draft[k] ?? k;
        const bad = !props.pattern.test(text) || (text !== k && text in props.keys);
        const errs = fieldIssues(props.issues, `${props.field}.${k}`).filter((e) => e.code !== "unwired");
        const id = `${fieldDomId(`${props.field}.${k}`)}-key`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a key being renamed must keep its row (and focus)
          <div className="row" key={i}>
            <label htmlFor={id}>{`${props.label} ${i + 1}`}</label>
            <input
              id={id}
              className="key"
              value={text}
              aria-invalid={bad || undefined}
              onChange={(e) => {
                const v = e.target.value;
                if (props.pattern.test(v) && !(v in props.keys)) {
                  setDraft({});
                  props.onChange(renameKey(props.keys, k, v));
                } else setDraft({ ...draft, [k]: v });
              }}
            />
            <button
              type="button"
              className="small"
              aria-label={`Remove ${props.label.toLowerCase()} ${k}`}
              onClick={() => {
                const next = { ...props.keys };
                delete next[k];
                props.onChange(next);
              }}
            >
              ✕
            </button>
            <FieldErrors issues={errs} id={`${id}-err`} />
          </div>
        );
      })}
      <button
        type="button"
        className="small"
        onClick={() => props.onChange({ ...props.keys, [props.suggest(Object.keys(props.keys))]: "" })}
      >
        {props.addLabel}
      </button>
    </fieldset>
  );
}
