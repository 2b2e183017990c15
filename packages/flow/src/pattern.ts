import { RE2JS } from "re2js";

// Every pattern an admin writes (a switch's `matches`) runs on RE2's automaton, never on a
// backtracking engine: matching is linear in the subject, so no pattern and no caller-chosen
// From header can make a decision step slow. RE2 refuses what needs backtracking (backreferences,
// lookaround); validation reports those as `invalid_pattern`.

export interface Pattern {
  test(subject: string): boolean;
}

/** Longest pattern source accepted (the schema's cap on a condition's value). */
export const MAX_PATTERN_CHARS = 500;

/** Why `source` is not a pattern we run (RE2 syntax), or undefined when it is one. */
export function patternProblem(source: string): string | undefined {
  if (source.length > MAX_PATTERN_CHARS) return `patterns are limited to ${MAX_PATTERN_CHARS} characters`;
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^error parsing regexp: /, "") : String(err);
    return `not a pattern in RE2 syntax (${why}); backreferences and lookaround are not supported, matching is linear-time`;
  }
}

/** The compiled pattern (unanchored search, like RegExp.test), or null when it is not valid RE2. */
export function compilePattern(source: string): Pattern | null {
  if (source.length > MAX_PATTERN_CHARS) return null;
  try {
    const re = RE2JS.compile(source);
    return { test: (subject) => re.matcher(subject).find() };
  } catch {
    return null;
  }
}
