// The simulator: pick a time (in the flow's zone) and the numbers, start a call, then answer what
// the flow waits for. The path lights up on the canvas step by step.
import type { BridgeOutcome, NodeOf } from "@ringflow/flow";
import { useEffect, useMemo, useState } from "react";
import { TimeZoneField } from "../app/fields.js";
import { useDesigner } from "../app/store.js";
import { nodeName } from "../app/words.js";
import {
  decide,
  describeAction,
  forwardOutcome,
  hangUp,
  pressDigits,
  SimError,
  type SimSession,
  startSim,
} from "./session.js";
import { zonedToInstant } from "./zoned.js";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];
const OUTCOMES: { value: BridgeOutcome; label: string }[] = [
  { value: "answered", label: "Answered" },
  { value: "busy", label: "Busy" },
  { value: "noAnswer", label: "No answer" },
  { value: "failed", label: "Failed" },
];

function flowZone(nodes: Record<string, { type: string }>): string {
  for (const n of Object.values(nodes))
    if (n.type === "hours") return (n as NodeOf<"hours">).schedule.timeZone;
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

export function SimPanel() {
  const flow = useDesigner((s) => s.flow);
  const setOverlay = useDesigner((s) => s.setOverlay);
  const today = new Date().toISOString().slice(0, 10);
  const [date, setDate] = useState(today);
  const [time, setTime] = useState("10:00");
  const [zone, setZone] = useState(() => flowZone(flow.nodes));
  const [from, setFrom] = useState("+15550100");
  const [to, setTo] = useState("+15550199");
  const [sim, setSim] = useState<SimSession | null>(null);
  const [digits, setDigits] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!sim) return;
    setOverlay({
      source: "sim",
      path: sim.path,
      edges: sim.edges,
      current: sim.ended ? undefined : (sim.node ?? sim.path.at(-1)),
    });
  }, [sim, setOverlay]);
  // A new document invalidates a running simulation.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on every edit
  useEffect(() => {
    setSim(null);
    setDigits("");
  }, [flow.nodes, flow.entry]);

  const run = (f: () => SimSession) => {
    try {
      setSim(f());
      setError(null);
    } catch (e) {
      setError(e instanceof SimError || e instanceof RangeError ? e.message : String(e));
    }
  };
  const start = () => run(() => startSim(flow, { at: zonedToInstant(date, time, zone), from, to }));
  const collect = sim?.steps.at(-1)?.actions.find((a) => a.type === "collect");
  const maxDigits = collect?.type === "collect" ? collect.maxDigits : 1;
  const press = (k: string) => {
    const next = digits + k;
    if (sim && next.length >= maxDigits) {
      setDigits("");
      run(() => pressDigits(sim, next));
    } else setDigits(next);
  };
  const decisionNode = useMemo(() => {
    const id = sim?.awaiting === "decision" ? sim.node : undefined;
    const n = id ? flow.nodes[id] : undefined;
    return n?.type === "decision" ? n : undefined;
  }, [sim, flow.nodes]);

  return (
    <div className="sim">
      <h2>Try a call</h2>
      <form
        className="sim-setup"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <div className="grid2">
          <div className="field">
            <label htmlFor="sim-date">Date</label>
            <input id="sim-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="sim-time">Time</label>
            <input id="sim-time" type="time" value={time} onChange={(e) => setTime(e.target.value)} />
          </div>
        </div>
        <TimeZoneField label="In time zone" field="sim.zone" value={zone} onChange={setZone} />
        <div className="grid2">
          <div className="field">
            <label htmlFor="sim-from">Caller</label>
            <input id="sim-from" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="sim-to">Called number</label>
            <input id="sim-to" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
        </div>
        <div className="actions">
          <button type="submit">{sim ? "Restart call" : "Start call"}</button>
          {sim ? (
            <button
              type="button"
              className="ghost"
              onClick={() => {
                setSim(null);
                setOverlay(null);
              }}
            >
              Clear
            </button>
          ) : null}
        </div>
      </form>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {sim ? (
        <>
          <ol className="sim-steps" aria-label="What happened" aria-live="polite">
            {sim.steps.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: steps only grow
              <li key={i}>
                <strong>{s.cause}</strong>
                {s.hops.length ? (
                  <ul className="hops" aria-label="Branches taken">
                    {s.hops.map((h, j) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a static list
                      <li key={j}>
                        {nodeName(flow, h.from)} <span className="why">{h.why ? `— ${h.why} →` : "→"}</span>{" "}
                        {nodeName(flow, h.to)}
                      </li>
                    ))}
                  </ul>
                ) : s.path.length ? (
                  <span className="via"> → {s.path.map((id) => nodeName(flow, id)).join(" → ")}</span>
                ) : null}
                <ul>
                  {s.actions.map((a, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a static list
                    <li key={j}>{describeAction(a)}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
          {sim.ended ? (
            <p className="ok" role="status">
              Call ended after {sim.path.length} nodes.
            </p>
          ) : null}
          {sim.awaiting === "digits" ? (
            <fieldset className="keypad">
              <legend>Caller presses {digits ? <code>{digits}</code> : null}</legend>
              {KEYS.map((k) => (
                <button key={k} type="button" aria-label={`Press ${k}`} onClick={() => press(k)}>
                  {k}
                </button>
              ))}
              <button
                type="button"
                className="wide ghost"
                onClick={() => {
                  setDigits("");
                  run(() => pressDigits(sim, ""));
                }}
              >
                Press nothing
              </button>
              {digits ? (
                <button
                  type="button"
                  className="wide"
                  onClick={() => {
                    setDigits("");
                    run(() => pressDigits(sim, digits));
                  }}
                >
                  Send {digits}
                </button>
              ) : null}
            </fieldset>
          ) : null}
          {sim.awaiting === "forward" ? (
            <fieldset className="outcomes">
              <legend>The forward ends as</legend>
              {OUTCOMES.map((o) => (
                <button key={o.value} type="button" onClick={() => run(() => forwardOutcome(sim, o.value))}>
                  {o.label}
                </button>
              ))}
            </fieldset>
          ) : null}
          {sim.awaiting === "decision" ? (
            <fieldset className="outcomes">
              <legend>{decisionNode?.function ?? "The function"} answers</legend>
              {Object.keys(decisionNode?.routes ?? {}).map((r) => (
                <button key={r} type="button" onClick={() => run(() => decide(sim, { output: r }))}>
                  {r}
                </button>
              ))}
              <button
                type="button"
                className="ghost"
                onClick={() => run(() => decide(sim, { error: "error" }))}
              >
                Error
              </button>
              <button
                type="button"
                className="ghost"
                onClick={() => run(() => decide(sim, { error: "timeout" }))}
              >
                Timeout
              </button>
            </fieldset>
          ) : null}
          {!sim.ended ? (
            <button type="button" className="danger" onClick={() => run(() => hangUp(sim))}>
              Caller hangs up
            </button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
