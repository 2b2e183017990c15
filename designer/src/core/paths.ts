// Immutable get/set by a path of keys, and the mapping between issue paths and nodes.
import type { FlowIssue } from "./flowlib.js";

export type Path = (string | number)[];

export function getIn(obj: unknown, path: Path): unknown {
  let cur: unknown = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** A copy of `obj` with `path` set to `value`; `undefined` removes the key (or array slot's field). */
export function setIn<T>(obj: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [k, ...rest] = path as [string | number, ...Path];
  const base = (obj ?? (typeof k === "number" ? [] : {})) as Record<string | number, unknown>;
  const copy: Record<string | number, unknown> = Array.isArray(base)
    ? ([...base] as unknown as Record<number, unknown>)
    : { ...base };
  const next = rest.length === 0 ? value : setIn(base[k], rest, value);
  if (next === undefined && !Array.isArray(copy)) delete copy[k];
  else copy[k] = next;
  return copy as T;
}

/** ["nodes","menu","options","1"] -> { node: "menu", field: "options.1" }; flow-level issues have no node. */
export function locateIssue(issue: { path: FlowIssue["path"] | string }): { node?: string; field: string } {
  const parts = Array.isArray(issue.path) ? issue.path.map(String) : String(issue.path).split(".");
  if (parts[0] === "nodes" && parts[1]) return { node: parts[1], field: parts.slice(2).join(".") };
  if (parts[0] === "layout" && parts[1]) return { node: parts[1], field: "" };
  return { field: parts.join(".") };
}

export function issuesByNode(issues: FlowIssue[]): Map<string, FlowIssue[]> {
  const map = new Map<string, FlowIssue[]>();
  for (const i of issues) {
    const { node } = locateIssue(i);
    const key = node ?? "";
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  }
  return map;
}

/** Issues of one node whose field path starts with `prefix` (`prompt` matches `prompt.text`). */
export function fieldIssues(issues: FlowIssue[] | undefined, prefix: string): FlowIssue[] {
  if (!issues) return [];
  return issues.filter((i) => {
    const f = locateIssue(i).field;
    return f === prefix || f.startsWith(`${prefix}.`);
  });
}

export const pathKey = (path: readonly (string | number)[]) => path.join(".");
