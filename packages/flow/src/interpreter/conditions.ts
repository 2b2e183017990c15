import { MAX_SUBJECT_CHARS } from "../limits.js";
import { compilePattern, type Pattern } from "../pattern.js";
import { partyOf } from "../protocol/address.js";
import type { CallInfo } from "../protocol/events.js";
import type { Condition } from "../schema/nodes.js";
import type { CallState } from "./state.js";

function subjectValue(subject: string, call: CallInfo, s: CallState): string {
  // A party as conditions see it: its E.164 number, else its user part (protocol/address.ts).
  if (subject === "caller") return partyOf(call.from);
  if (subject === "called") return partyOf(call.to);
  if (subject === "digits") return s.digits ?? "";
  return s.vars?.[subject.slice(4)] ?? "";
}

// Compiled patterns by source (RE2 semantics: linear in the subject, see ../pattern.ts).
const patterns = new Map<string, Pattern | null>();
function pattern(source: string): Pattern | null {
  let r = patterns.get(source);
  if (r === undefined) {
    r = compilePattern(source);
    if (patterns.size > 1000) patterns.clear();
    patterns.set(source, r);
  }
  return r;
}

/**
 * What evaluating `c` against `v` costs in the interpreter's work budget: a match is linear in the
 * subject times the pattern (RE2 simulates the automaton), everything else linear in the subject.
 */
export function conditionCost(c: Condition, v: string): number {
  return c.op === "matches" ? (v.length + 1) * (c.value.length + 1) : v.length + c.value.length + 1;
}

/** The value a condition reads, cut to MAX_SUBJECT_CHARS (a From header is the caller's to write). */
export function subjectOf(c: Condition, call: CallInfo, s: CallState): string {
  return subjectValue(c.subject, call, s).slice(0, MAX_SUBJECT_CHARS);
}

export function holds(c: Condition, v: string): boolean {
  switch (c.op) {
    case "equals":
      return v === c.value;
    case "startsWith":
      return v.startsWith(c.value);
    case "contains":
      return v.includes(c.value);
    case "matches":
      return pattern(c.value)?.test(v) ?? false;
    case "in":
      return c.value.split(",").some((x) => x.trim() === v);
  }
}

/** `{caller}`, `{called}`, `{digits}`, `{var:x}` in a set node's value. */
export function substitute(template: string, call: CallInfo, s: CallState): string {
  if (!template.includes("{")) return template;
  return template.replace(/\{(caller|called|digits|var:[a-zA-Z_][a-zA-Z0-9_]{0,31})\}/g, (_, k: string) =>
    subjectValue(k, call, s),
  );
}

/** A deterministic draw in [0, 100) from the call id and the step counter (FNV-1a), never Math.random. */
export function draw(callId: string, counter: number): number {
  let h = 0x811c9dc5;
  const text = `${callId}:${counter}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 100;
}
