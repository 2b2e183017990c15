// Why the simulated call went where it went: for every step from one node to the next, the output
// it took and the rule that chose it ("Holiday: Christmas", "Closed: Sun 10:00 is outside opening
// hours", "press 1", "busy"). A path holds node ids only, so two outputs into the same node (closed
// and holiday both to the closed message) cannot be told apart from it; the output is worked out
// from what decided it (the schedule at the call's time, the digits, the forward's outcome), and
// only that edge lights on the canvas.
import {
  type Action,
  evaluateSchedule,
  type Flow,
  type HoursOutput,
  type Schedule,
  type SimInput,
} from "@ringflow/flow";
import { e164Of, userOf } from "@ringflow/flow/protocol";
import { edgeId, outputWords } from "../core/canvas.js";
import { outputsOf } from "../core/flowlib.js";

/** The host the simulator puts on numbers it dials; never shown to the admin. */
export const SIM_HOST = "ringflow.invalid";

export interface SimHop {
  from: string;
  to: string;
  /** The output taken (`holiday`, `1`, `busy`, `next`). */
  output: string;
  /** The canvas edge id of that output. */
  edge: string;
  /** The branch and the rule that chose it, in words: "Holiday: Christmas", "press 1" ("" for a
   * node's only way on). */
  why: string;
}

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const DAY_WORDS: Record<string, string> = {
  mon: "Mon",
  tue: "Tue",
  wed: "Wed",
  thu: "Thu",
  fri: "Fri",
  sat: "Sat",
  sun: "Sun",
};

/** ["mon".."fri"] -> "Mon–Fri"; ["mon","wed"] -> "Mon, Wed". */
export function daysWords(days: readonly string[]): string {
  const idx = [...new Set(days)]
    .map((d) => DAYS.indexOf(d as (typeof DAYS)[number]))
    .filter((i) => i >= 0)
    .sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && (idx[j + 1] as number) === (idx[j] as number) + 1) j++;
    const a = DAY_WORDS[DAYS[idx[i] as number] as string] as string;
    const b = DAY_WORDS[DAYS[idx[j] as number] as string] as string;
    runs.push(j - i >= 2 ? `${a}–${b}` : j > i ? `${a}, ${b}` : a);
    i = j + 1;
  }
  return runs.join(", ");
}

interface Wall {
  ymd: string;
  month: number;
  day: number;
  weekday: string;
  minute: number;
  hhmm: string;
}

/** The wall clock of `zone` at `at` (UTC when the zone is unknown, as the schedule reads it). */
function wallClock(at: Date, zone: string): Wall {
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      weekday: "short",
      hour: "numeric",
      minute: "numeric",
    });
  } catch {
    return wallClock(at, "UTC");
  }
  const parts = f.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const month = Number(get("month"));
  const day = Number(get("day"));
  const hour = Number(get("hour")) % 24;
  const min = Number(get("minute"));
  return {
    ymd: `${get("year")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
    month,
    day,
    weekday: get("weekday").toLowerCase().slice(0, 3),
    minute: hour * 60 + min,
    hhmm: `${String(hour).padStart(2, "0")}:${String(min).padStart(2, "0")}`,
  };
}

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
};
const within = (minute: number, r: { start: string; end: string }) =>
  minute >= minutes(r.start) && minute < minutes(r.end);

/**
 * The output an hours node takes at `at` (from `evaluateSchedule`, the interpreter's own rule) and
 * the rule behind it in words: "Open: Mon–Fri 09:00–17:00", "Holiday: Christmas", "Closed: Sun
 * 10:00 is outside opening hours".
 */
export function hoursRule(schedule: Schedule, at: Date): { output: HoursOutput; why: string } {
  const output = evaluateSchedule(schedule, at);
  const t = wallClock(at, schedule.timeZone);
  const exceptions = schedule.exceptions ?? [];
  const exception =
    exceptions.find((e) => e.date === t.ymd) ??
    exceptions.find((e) => e.date === undefined && e.month === t.month && e.day === t.day);
  if (exception) {
    const range = (exception.ranges ?? []).find((r) => within(t.minute, r));
    if (output === "open" && range)
      return { output, why: `Open: ${exception.name} ${range.start}–${range.end}` };
    const hours =
      exception.kind === "hours" && exception.ranges?.length ? ` (${t.hhmm}, outside its hours)` : "";
    return { output, why: `Holiday: ${exception.name}${hours}` };
  }
  const weekly = schedule.weekly.find((r) => r.days.includes(t.weekday as never) && within(t.minute, r));
  if (output === "open" && weekly)
    return { output, why: `Open: ${daysWords(weekly.days)} ${weekly.start}–${weekly.end}` };
  return { output, why: `Closed: ${DAY_WORDS[t.weekday] ?? t.weekday} ${t.hhmm} is outside opening hours` };
}

/**
 * The output taken from `from` to `to`, and why. `decider` is the admin's answer when `from` is the
 * node the call waited at; automatic steps (hours, plays, starts) decide by themselves.
 */
export function hopOf(
  flow: Flow,
  from: string,
  to: string,
  at: Date,
  decider?: SimInput,
): SimHop | undefined {
  const node = flow.nodes[from];
  if (!node) return undefined;
  const candidates = outputsOf(node).filter((o) => o.target === to);
  if (candidates.length === 0) return undefined;
  let wanted: string | undefined;
  let why: string | undefined;
  if (node.type === "hours") {
    const rule = hoursRule(node.schedule, at);
    wanted = rule.output;
    why = rule.why;
  } else if (decider) {
    if ("digits" in decider) wanted = decider.digits;
    else if ("forward" in decider) wanted = decider.forward;
    else if ("decision" in decider) wanted = decider.decision;
    else if ("decisionError" in decider) wanted = decider.decisionError === "timeout" ? "timeout" : "error";
    else if ("silence" in decider) wanted = node.type === "collect" ? "timeout" : "failure";
  }
  const chosen = candidates.find((o) => o.name === wanted) ?? (candidates[0] as (typeof candidates)[number]);
  if (chosen.name !== wanted) why = undefined;
  return {
    from,
    to,
    output: chosen.name,
    edge: edgeId(from, chosen.name),
    why: why ?? (chosen.name === "next" ? "" : outputWords(chosen)),
  };
}

/** The host of a SIP URI (`sip:+1555@host:5060;user=phone` -> `host`). */
function hostOf(uri: string): string | undefined {
  const at = uri.indexOf("@");
  if (at < 0) return undefined;
  return uri.slice(at + 1).split(/[;:>?]/)[0];
}

/**
 * A target as the admin wrote it: a number the simulator dialled on its placeholder host is the
 * number (`+15550111`), a number on a real host says where it goes, a SIP address stays itself.
 */
export function targetWords(uri: string): string {
  const host = hostOf(uri);
  const number = e164Of(uri);
  if (host === SIM_HOST) return number ?? userOf(uri) ?? uri;
  if (number) return `${number} via ${host ?? "the trunk"}`;
  return uri;
}

/** One line per action, in the admin's words, with real targets. */
export function describeAction(a: Action): string {
  const prompt = (p: { text: string } | { audio: string }) =>
    "text" in p ? `“${p.text}”` : `audio ${p.audio}`;
  switch (a.type) {
    case "answer":
      return "Answer the call";
    case "play":
      return `Play ${prompt(a.prompt)}`;
    case "collect":
      return `Wait for up to ${a.maxDigits} digit${a.maxDigits === 1 ? "" : "s"}${a.prompt ? ` after ${prompt(a.prompt)}` : ""}`;
    case "bridge":
      return `Ring ${a.targets.map((t) => targetWords(t.uri)).join(a.strategy === "simultaneous" ? " + " : ", then ")} (${a.ringTimeoutSec}s)`;
    case "redirect":
      return `Redirect (${a.status}) to ${a.contacts.map((c) => targetWords(c.uri)).join(", ")}`;
    case "record":
      return `Record a message in mailbox ${a.mailbox}${a.beep ? " after a beep" : ""}`;
    case "hangup":
      return `Hang up${a.status ? ` (${a.status}${a.reason ? ` ${a.reason}` : ""})` : ""}`;
    case "pause":
      return `Pause ${a.durationMs} ms`;
    case "sendDigits":
      return `Send digits ${a.digits}`;
  }
}
