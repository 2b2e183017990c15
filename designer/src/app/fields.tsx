// Form controls shared by the inspector panels: every control has a label, shows the issues
// validation pinned to its field, and carries an id the problems list can focus.

import { type ReactNode, useId, useMemo } from "react";
import type { FlowIssue } from "../core/flowlib.js";
import { fieldIssues } from "../core/paths.js";

/** DOM id of the control that edits `field` (a dotted path inside the node). */
export const fieldDomId = (field: string) => `field-${field}`;

export function FieldErrors({ issues, id }: { issues: FlowIssue[]; id: string }) {
  if (issues.length === 0) return null;
  return (
    <ul className="field-errors" id={id}>
      {issues.map((i) => (
        <li key={`${i.code}:${i.path.join(".")}`} className={i.severity}>
          {i.message}
        </li>
      ))}
    </ul>
  );
}

interface Base {
  label: string;
  field: string;
  issues?: FlowIssue[] | undefined;
  hint?: string | undefined;
}

function Field({
  label,
  field,
  issues,
  hint,
  children,
}: Base & { children: (p: ControlProps) => ReactNode }) {
  const errs = fieldIssues(issues, field);
  const errId = useId();
  const id = fieldDomId(field);
  return (
    <div className={`field${errs.length ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        "aria-invalid": errs.some((e) => e.severity === "error") || undefined,
        "aria-describedby": errs.length ? errId : undefined,
      })}
      {hint ? <small className="hint">{hint}</small> : null}
      <FieldErrors issues={errs} id={errId} />
    </div>
  );
}

interface ControlProps {
  id: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string | undefined;
}

export function TextField(
  p: Base & {
    value: string | undefined;
    onChange(v: string): void;
    placeholder?: string;
    multiline?: boolean;
  },
) {
  return (
    <Field {...p}>
      {(c) =>
        p.multiline ? (
          <textarea
            {...c}
            value={p.value ?? ""}
            placeholder={p.placeholder}
            rows={3}
            onChange={(e) => p.onChange(e.target.value)}
          />
        ) : (
          <input
            {...c}
            type="text"
            value={p.value ?? ""}
            placeholder={p.placeholder}
            onChange={(e) => p.onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}

export function NumberField(
  p: Base & {
    value: number | undefined;
    onChange(v: number | undefined): void;
    min?: number;
    max?: number;
    step?: number;
  },
) {
  return (
    <Field {...p}>
      {(c) => (
        <input
          {...c}
          type="number"
          value={p.value ?? ""}
          min={p.min}
          max={p.max}
          step={p.step ?? 1}
          onChange={(e) => p.onChange(e.target.value === "" ? undefined : Number(e.target.value))}
        />
      )}
    </Field>
  );
}

export function SelectField<T extends string>(
  p: Base & {
    value: T | undefined;
    options: readonly (T | { value: T; label: string })[];
    onChange(v: T): void;
    allowEmpty?: string;
  },
) {
  return (
    <Field {...p}>
      {(c) => (
        <select {...c} value={p.value ?? ""} onChange={(e) => p.onChange(e.target.value as T)}>
          {p.allowEmpty !== undefined ? <option value="">{p.allowEmpty}</option> : null}
          {p.options.map((o) => {
            const v = typeof o === "string" ? o : o.value;
            const l = typeof o === "string" ? o : o.label;
            return (
              <option key={v} value={v}>
                {l}
              </option>
            );
          })}
        </select>
      )}
    </Field>
  );
}

export function CheckField(p: Base & { value: boolean; onChange(v: boolean): void }) {
  const id = fieldDomId(p.field);
  const hintId = useId();
  return (
    <div className="field check">
      <input
        id={id}
        type="checkbox"
        checked={p.value}
        aria-describedby={p.hint ? hintId : undefined}
        onChange={(e) => p.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{p.label}</label>
      {p.hint ? (
        <small className="hint" id={hintId}>
          {p.hint}
        </small>
      ) : null}
    </div>
  );
}

let zones: string[] | null = null;
/** IANA zones the browser knows (Intl.supportedValuesOf), with UTC first. */
export function timeZones(): string[] {
  if (!zones) {
    const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
    const all = intl.supportedValuesOf ? intl.supportedValuesOf("timeZone") : [];
    zones = ["UTC", ...all.filter((z) => z !== "UTC")];
  }
  return zones;
}

export function TimeZoneField(p: Base & { value: string; onChange(v: string): void }) {
  const listId = useId();
  const options = useMemo(() => timeZones(), []);
  return (
    <Field {...p}>
      {(c) => (
        <>
          <input
            {...c}
            type="text"
            list={listId}
            value={p.value}
            autoComplete="off"
            onChange={(e) => p.onChange(e.target.value)}
          />
          <datalist id={listId}>
            {options.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}
