// fast-check arbitraries of flow documents: small id pools so references collide, dangle and loop.
import fc from "fast-check";

const IDS = ["start", "a", "b", "c", "d", "constructor"] as const;
export const nodeId = fc.constantFrom(...IDS);
const ref = fc.option(fc.constantFrom(...IDS, "ghost"), { nil: undefined });
const prompt = fc.oneof(
  fc.record({ text: fc.constantFrom("hello", "press 1") }),
  fc.record({ audio: fc.constant("a.wav") }),
);
const key = fc.constantFrom("1", "2", "12", "#", "*9");
const timers = {
  firstDigitTimeoutMs: fc.constantFrom(500, 5000),
  terminator: fc.option(fc.constantFrom("#", "*"), { nil: undefined }),
};
const zone = fc.constantFrom("UTC", "America/New_York", "Australia/Lord_Howe", "Mars/Base", "+05:00");
const clock = fc.constantFrom("00:00", "09:00", "12:30", "17:00", "24:00");
const target = fc.constantFrom("+15551234567", "sip:a@127.0.0.1:5070", "sip:b@example.com", "nope");
const cond = fc.record({
  subject: fc.constantFrom("caller", "called", "digits", "var:x"),
  op: fc.constantFrom("equals", "startsWith", "contains", "matches", "in"),
  value: fc.constantFrom("1", "+1555", "^\\+1", "(", "1,2", ""),
});

/** Drop undefined fields: the schemas are strict objects and `exactOptionalPropertyTypes` is off, but JSON has no undefined. */
const clean = <T extends object>(o: T): T => JSON.parse(JSON.stringify(o));

export const node = fc
  .oneof(
    fc.record({ type: fc.constant("start"), next: ref }),
    fc.record({ type: fc.constant("play"), prompt, next: ref }),
    fc.record({
      type: fc.constant("menu"),
      prompt,
      options: fc.dictionary(key, fc.constantFrom(...IDS, "ghost"), { maxKeys: 3 }),
      noInputPrompt: fc.option(prompt, { nil: undefined }),
      noMatchPrompt: fc.option(prompt, { nil: undefined }),
      retries: fc.integer({ min: 0, max: 5 }),
      ...timers,
      failure: ref,
    }),
    fc.record({
      type: fc.constant("collect"),
      prompt,
      variable: fc.constantFrom("x", "pin"),
      minDigits: fc.integer({ min: 1, max: 4 }),
      maxDigits: fc.integer({ min: 1, max: 6 }),
      ...timers,
      next: ref,
      timeout: ref,
    }),
    fc.record({
      type: fc.constant("forward"),
      mode: fc.constantFrom("redirect", "bridge"),
      targets: fc.array(fc.record({ uri: target }), { minLength: 1, maxLength: 3 }),
      strategy: fc.constantFrom("sequential", "simultaneous"),
      callerId: fc.constantFrom("caller", "called", { fixed: "+15550000" }),
      answered: ref,
      busy: ref,
      noAnswer: ref,
      failed: ref,
    }),
    fc.record({
      type: fc.constant("voicemail"),
      mailbox: fc.constant("mb"),
      greeting: fc.option(prompt, { nil: undefined }),
      next: ref,
    }),
    fc.record({
      type: fc.constant("hours"),
      schedule: fc.record({
        timeZone: zone,
        weekly: fc.array(
          fc.record({
            days: fc.subarray(["mon", "tue", "sat", "sun"], { minLength: 1 }),
            start: clock,
            end: clock,
          }),
          { maxLength: 3 },
        ),
        exceptions: fc.array(
          fc.oneof(
            fc.record({ name: fc.constant("h"), date: fc.constantFrom("2026-12-25", "2026-02-30") }),
            fc.record({
              name: fc.constant("r"),
              month: fc.integer({ min: 1, max: 12 }),
              day: fc.integer({ min: 1, max: 31 }),
              kind: fc.constantFrom("closed", "hours"),
              ranges: fc.array(fc.record({ start: clock, end: clock }), { maxLength: 2 }),
            }),
          ),
          { maxLength: 2 },
        ),
      }),
      open: ref,
      closed: ref,
      holiday: ref,
    }),
    fc.record({
      type: fc.constant("switch"),
      cases: fc.array(fc.record({ when: cond, next: ref }), { maxLength: 3 }),
      split: fc.option(
        fc.array(fc.record({ percent: fc.integer({ min: 0, max: 100 }), next: ref }), { maxLength: 3 }),
        {
          nil: undefined,
        },
      ),
      default: ref,
    }),
    fc.record({
      type: fc.constant("set"),
      assign: fc.dictionary(fc.constantFrom("x", "y"), fc.constantFrom("{caller}", "1", "{var:x}{digits}")),
      next: ref,
    }),
    fc.record({
      type: fc.constant("decision"),
      function: fc.constant("fn"),
      routes: fc.dictionary(fc.constantFrom("vip", "std"), fc.constantFrom(...IDS, "ghost"), { maxKeys: 2 }),
      error: ref,
      timeout: ref,
    }),
    fc.record({
      type: fc.constant("hangup"),
      status: fc.option(fc.constantFrom(404, 486, 603), { nil: undefined }),
    }),
  )
  .map(clean);

const fallback = fc.option(
  fc.oneof(
    fc.record({ type: fc.constant("hangup"), status: fc.constantFrom(480, 503) }),
    fc.record({ type: fc.constant("forward"), uri: target }),
    fc.record({ type: fc.constant("node"), node: fc.constantFrom(...IDS, "ghost") }),
  ),
  { nil: undefined },
);

/** A flow document the schema mostly accepts, with random wiring. */
const flowDocOf = (minKeys: number) =>
  fc
    .record({
      entry: fc.constantFrom("start", "start", "a", "ghost"),
      nodes: fc.dictionary(nodeId, node, { minKeys, maxKeys: 6 }),
      fallback,
      maxSteps: fc.integer({ min: 10, max: 40 }),
    })
    .map(({ entry, nodes, fallback, maxSteps }) =>
      clean({ version: 1, name: "p", entry, nodes, settings: { fallback, limits: { maxSteps } } }),
    );
export const flowDoc = flowDocOf(1);

type Json = Record<string, unknown>;
type Issue = { path: (string | number)[]; code: string; severity: string; message: string };

/** The container at `path` minus its last key, and that key. */
function at(doc: Json, path: (string | number)[]): [Record<string | number, unknown>, string | number] {
  let o = doc as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  return [o, path[path.length - 1] as string | number];
}

/** Field-level fixes for the rules whose errors sit on one field; anything else deletes the node. */
function fix(doc: Json, e: Issue): boolean {
  const [o, k] = at(doc, e.path);
  switch (e.code) {
    case "unknown_node":
    case "key_has_terminator":
      if (e.code === "key_has_terminator")
        delete at(doc, e.path.slice(0, -2).concat("terminator"))[0].terminator;
      else delete o[k];
      return true;
    case "unknown_time_zone":
      o[k] = "UTC";
      return true;
    case "range_order":
      Object.assign(o[k] as Json, { start: "09:00", end: "17:00" });
      return true;
    case "missing_ranges":
      (o as unknown as Json).kind = "closed";
      delete (o as unknown as Json).ranges;
      return true;
    case "invalid_date":
    case "ambiguous_date": {
      const i = e.path.indexOf("exceptions");
      const [list] = at(doc, e.path.slice(0, i + 2));
      (list as unknown as unknown[]).splice(e.path[i + 1] as number, 1);
      return true;
    }
    case "invalid_target":
      o[k] = "+15551234567";
      return true;
    case "split_sum":
      delete o[k];
      return true;
    case "invalid_condition":
      o.op = "equals";
      return true;
    case "digit_range":
      o[k] = 1;
      return true;
    default:
      return false;
  }
}

/**
 * Repair a random document until it validates: a hangup fallback catches unwired outputs, dangling
 * references are unwired, one-field errors are fixed, and a node with another error (a loop that
 * never waits, unreachable) is deleted. Undefined when the entry itself cannot be saved.
 */
export function repair(doc: Json, validate: (d: unknown) => Issue[]): Json | undefined {
  const d = JSON.parse(JSON.stringify(doc)) as Json & { nodes: Record<string, Json>; settings: Json };
  d.settings = { ...d.settings, fallback: { type: "hangup", status: 480 } };
  for (let round = 0; round < 60; round++) {
    const errors = validate(d).filter((i) => i.severity === "error");
    if (errors.length === 0) return d;
    const e = errors[0]!;
    const [root, id] = e.path;
    if (root !== "nodes" || typeof id !== "string" || !Object.hasOwn(d.nodes, id)) return undefined;
    if (e.path.length > 2 && fix(d, e)) continue;
    if (e.code === "cycle_without_wait") {
      // Break the loop at a node other than the entry.
      const loop = /the loop (.*) never/.exec(e.message)?.[1]?.split(" -> ") ?? [];
      const victim = loop.find((n) => n !== d.entry);
      if (victim) {
        delete d.nodes[victim];
        continue;
      }
    }
    if (id === d.entry) {
      // The start node is only ever wrong through what it leads to: unwire it (the fallback catches it).
      if (d.nodes[id]?.type !== "start" || !("next" in (d.nodes[id] as Json))) return undefined;
      delete d.nodes[id]!.next;
    } else {
      delete d.nodes[id];
    }
  }
  return undefined;
}

/** Documents biased towards validity: a start entry leading into the random nodes, then repaired. */
export const validFlowDoc = (validate: Parameters<typeof repair>[1]) =>
  fc
    .tuple(flowDocOf(6), nodeId)
    .map(([doc, first]) => {
      const d = doc as Json & { nodes: Record<string, Json> };
      const ids = Object.keys(d.nodes).filter((k) => k !== "start");
      d.entry = "start";
      d.nodes.start = { type: "start", next: ids.includes(first) ? first : (ids[0] ?? "start") };
      return repair(d, validate);
    })
    .filter((d): d is Json => d !== undefined);
