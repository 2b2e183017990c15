import { has } from "../graph/has.js";
import { outputNamed } from "../graph/outputs.js";
import { evaluateSchedule } from "../hours/schedule.js";
import { MAX_STATE_CHARS, MAX_STEP_WORK, MAX_VARIABLE_VALUE, MAX_VARIABLES } from "../limits.js";
import type { Action } from "../protocol/actions.js";
import { partyOf } from "../protocol/address.js";
import type { CallInfo } from "../protocol/events.js";
import type { Prompt } from "../schema/common.js";
import type { Flow } from "../schema/flow.js";
import type { FlowNode, NodeOf } from "../schema/nodes.js";
import { targetUri, uriHost } from "../sip/target.js";
import { conditionCost, draw, holds, subjectOf, substitute } from "./conditions.js";
import { type CallState, decodeState, encodeState, freshState } from "./state.js";
import type { Awaiting, StepEvent, StepResult } from "./types.js";

// Outputs whose being unwired ends the call normally instead of taking the fallback.
const ENDING_OUTPUTS: Partial<Record<FlowNode["type"], string>> = { forward: "answered", voicemail: "next" };

const VAR_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,31}$/;

/** One run of the interpreter: from an event to the next wait (or the end). */
class Run {
  readonly actions: Action[] = [];
  readonly path: string[] = [];
  invoke: StepResult["invoke"];
  ended = false;
  /** Condition work spent in this step (see conditionCost); past MAX_STEP_WORK the call takes its fallback. */
  work = 0;

  constructor(
    readonly flow: Flow,
    readonly call: CallInfo,
    readonly now: Date,
    public s: CallState,
  ) {}

  result(): StepResult {
    if (this.ended) {
      this.s.done = 1;
      this.s.at = undefined;
      this.s.wait = undefined;
    }
    let state = encodeState(this.s);
    if (state.length > MAX_STATE_CHARS) {
      // Variables grew past the protocol's cap: end the call rather than send a state the edge refuses.
      this.actions.length = 0;
      this.invoke = undefined;
      this.s = { v: 1, n: this.s.n, ...(this.s.ans ? { ans: 1 } : {}) };
      this.hangup(480, "Call state too large");
      this.s.done = 1;
      state = encodeState(this.s);
    }
    const r: StepResult = { actions: this.actions, state, path: this.path, ended: this.ended };
    if (this.invoke) r.invoke = this.invoke;
    const awaiting = this.ended ? undefined : this.awaiting();
    if (awaiting) r.awaiting = awaiting;
    return r;
  }

  private awaiting(): Awaiting | undefined {
    const w = this.s.wait;
    if (w === "reprompt") return "play";
    if (w === "end") return "bridge";
    return w;
  }

  // ---- terminal actions

  hangup(status: number | undefined, reason: string | undefined): void {
    this.actions.push({
      type: "hangup",
      ...(this.s.ans ? {} : { status: status ?? 480 }),
      ...(reason ? { reason } : {}),
    });
    this.ended = true;
  }

  /** The flow has no answer: the flow-level fallback, else 480. `loop` forbids a fallback node (step cap). */
  fallback(loop = false): string | undefined {
    const fb = this.flow.settings.fallback;
    if (fb?.type === "node" && !loop && has(this.flow.nodes, fb.node)) return fb.node;
    if (fb?.type === "forward") {
      const uri = targetUri(fb.uri, this.trunkHost());
      if (this.s.ans) {
        // A 302 cannot follow a 200: bridge instead, and end whatever the bridge's outcome.
        this.actions.push({ type: "bridge", targets: [{ uri }], strategy: "sequential", ringTimeoutSec: 30 });
        this.wait(this.s.at ?? this.flow.entry, "end");
      } else {
        this.actions.push({ type: "redirect", status: 302, contacts: [{ uri }] });
        this.ended = true;
      }
      return undefined;
    }
    if (fb?.type === "hangup") this.hangup(fb.status, loop ? (fb.reason ?? "Step limit reached") : fb.reason);
    else this.hangup(480, loop ? "Step limit reached" : "No route");
    return undefined;
  }

  // ---- moving through the graph

  /** Take output `name` of node `id`: its successor, or what an unwired output means. */
  output(id: string, name: string): string | undefined {
    const node = this.flow.nodes[id] as FlowNode;
    const target = outputNamed(node, name)?.target;
    if (target !== undefined) return target;
    if (
      ENDING_OUTPUTS[node.type] === name &&
      !(node.type === "forward" && node.mode === "redirect" && !this.s.ans)
    ) {
      if (name === "answered") this.ended = true;
      else this.hangup(undefined, undefined);
      return undefined;
    }
    return this.fallback();
  }

  /** Enter nodes until one waits or the call ends. */
  run(first: string | undefined): void {
    let id = first;
    while (id !== undefined && !this.ended) {
      if (this.s.n >= this.flow.settings.limits.maxSteps || this.work > MAX_STEP_WORK) {
        id = this.fallback(true);
        continue;
      }
      if (!has(this.flow.nodes, id)) {
        // Only a flow that failed validation gets here; the fallback node itself may be the missing one.
        id = this.fallback(id === this.fallbackNode());
        continue;
      }
      this.s.n++;
      this.path.push(id);
      id = this.enter(id, this.flow.nodes[id] as FlowNode);
    }
  }

  private fallbackNode(): string | undefined {
    const fb = this.flow.settings.fallback;
    return fb?.type === "node" ? fb.node : undefined;
  }

  private wait(id: string, what: CallState["wait"]): undefined {
    this.s.at = id;
    this.s.wait = what;
    return undefined;
  }

  private answerOnce(): void {
    if (!this.s.ans) {
      this.actions.push({ type: "answer" });
      this.s.ans = 1;
    }
  }

  private prompt(p: Prompt): Prompt {
    if (!("text" in p)) return p;
    const { language, voice } = this.flow.settings;
    return {
      ...p,
      language: p.language ?? language,
      ...((p.voice ?? voice) ? { voice: p.voice ?? voice } : {}),
    };
  }

  private trunkHost(): string | undefined {
    return this.flow.settings.trunkHost ?? uriHost(this.call.requestUri);
  }

  private menuCollect(node: NodeOf<"menu">): Action {
    const maxDigits = Math.max(1, ...Object.keys(node.options).map((k) => k.length));
    return {
      type: "collect",
      prompt: this.prompt(node.prompt),
      minDigits: 1,
      maxDigits,
      firstDigitTimeoutMs: node.firstDigitTimeoutMs,
      interDigitTimeoutMs: node.interDigitTimeoutMs,
      ...(node.terminator ? { terminator: node.terminator } : {}),
    };
  }

  private bridge(node: NodeOf<"forward">): Action {
    const host = this.trunkHost();
    const callerId =
      node.callerId === "caller"
        ? undefined
        : node.callerId === "called"
          ? partyOf(this.call.to)
          : node.callerId.fixed;
    return {
      type: "bridge",
      targets: node.targets.map((t) => ({
        uri: targetUri(t.uri, host),
        ...(t.timeoutSec ? { timeoutSec: t.timeoutSec } : {}),
      })),
      strategy: node.strategy,
      ringTimeoutSec: node.ringTimeoutSec,
      ...(callerId ? { callerId: callerId.slice(0, 64) } : {}),
    };
  }

  private setVar(name: string, value: string): void {
    const vars = this.s.vars ?? {};
    if (!has(vars, name) && Object.keys(vars).length >= MAX_VARIABLES * 2) return;
    vars[name] = value.slice(0, MAX_VARIABLE_VALUE);
    this.s.vars = vars;
  }

  /** Enter a node: emit its actions; return the next node to enter, or undefined to stop. */
  private enter(id: string, node: FlowNode): string | undefined {
    this.s.at = undefined;
    this.s.wait = undefined;
    switch (node.type) {
      case "start":
        return this.output(id, "next");
      case "play":
        this.answerOnce();
        this.actions.push({ type: "play", prompt: this.prompt(node.prompt) });
        return this.wait(id, "play");
      case "menu":
        this.answerOnce();
        this.s.tries = 0;
        this.actions.push(this.menuCollect(node));
        return this.wait(id, "collect");
      case "collect":
        this.answerOnce();
        this.actions.push({
          type: "collect",
          prompt: this.prompt(node.prompt),
          minDigits: node.minDigits,
          maxDigits: node.maxDigits,
          firstDigitTimeoutMs: node.firstDigitTimeoutMs,
          interDigitTimeoutMs: node.interDigitTimeoutMs,
          ...(node.terminator ? { terminator: node.terminator } : {}),
        });
        return this.wait(id, "collect");
      case "forward":
        if (node.mode === "redirect" && !this.s.ans) {
          const host = this.trunkHost();
          const sequential = node.strategy === "sequential" && node.targets.length > 1;
          this.actions.push({
            type: "redirect",
            status: 302,
            // A sequential list becomes descending q-values (RFC 3261 16.6: try higher q first).
            contacts: node.targets.map((t, i) => ({
              uri: targetUri(t.uri, host),
              ...(sequential ? { q: Math.max(0.1, Math.round((1 - i * 0.1) * 10) / 10) } : {}),
            })),
          });
          this.ended = true;
          return undefined;
        }
        // A redirect after the call was answered becomes a bridge (a 302 cannot follow a 200).
        this.actions.push(this.bridge(node));
        return this.wait(id, "bridge");
      case "voicemail":
        this.answerOnce();
        this.actions.push({
          type: "record",
          mailbox: node.mailbox,
          ...(node.greeting ? { greeting: this.prompt(node.greeting) } : {}),
          maxLengthSec: node.maxLengthSec,
          beep: node.beep,
        });
        return this.wait(id, "record");
      case "hours":
        return this.output(id, evaluateSchedule(node.schedule, this.now));
      case "switch": {
        for (const [i, c] of node.cases.entries()) {
          const v = subjectOf(c.when, this.call, this.s);
          this.work += conditionCost(c.when, v);
          // A hard cap on work per decision step: stop evaluating, the run loop takes the fallback.
          if (this.work > MAX_STEP_WORK) return id;
          if (holds(c.when, v)) return this.output(id, `case:${i}`);
        }
        if (node.split && node.split.length > 0) {
          const d = draw(this.call.id, this.s.n);
          let cum = 0;
          for (const [j, b] of node.split.entries()) {
            cum += b.percent;
            if (d < cum) return this.output(id, `split:${j}`);
          }
        }
        return this.output(id, "default");
      }
      case "set": {
        const values = Object.entries(node.assign).map(
          ([k, v]) => [k, substitute(v, this.call, this.s)] as const,
        );
        for (const [k, v] of values) this.setVar(k, v);
        return this.output(id, "next");
      }
      case "decision":
        this.invoke = {
          function: node.function,
          timeoutMs: node.timeoutMs,
          nodeId: id,
          request: {
            v: 1,
            call: this.call,
            node: id,
            variables: { ...this.s.vars },
            ...(this.s.digits !== undefined ? { digits: this.s.digits } : {}),
          },
        };
        return this.wait(id, "decision");
      case "hangup":
        this.hangup(node.status, node.reason);
        return undefined;
    }
  }

  /** Continue the waiting node `id` with the event that reports how its action ended. */
  resume(event: StepEvent): void {
    const id = this.s.at;
    const wait = this.s.wait;
    if (id === undefined || !has(this.flow.nodes, id)) {
      this.run(this.fallback());
      return;
    }
    const node = this.flow.nodes[id] as FlowNode;
    if (wait === "end") {
      // The fallback's bridge after answer: whatever happened, the flow is done.
      if (event.type === "bridge.done" && event.data.outcome === "answered") this.ended = true;
      else this.hangup(undefined, undefined);
      return;
    }
    this.run(this.next(id, node, wait, event));
  }

  private next(id: string, node: FlowNode, wait: CallState["wait"], event: StepEvent): string | undefined {
    if (wait === "play" && event.type === "play.done") return this.output(id, "next");
    if (wait === "record" && event.type === "record.done") return this.output(id, "next");
    if (wait === "reprompt" && event.type === "play.done" && node.type === "menu") {
      this.actions.push(this.menuCollect(node));
      return this.wait(id, "collect");
    }
    if (wait === "collect" && event.type === "collect.done") {
      const term = node.type === "menu" || node.type === "collect" ? node.terminator : undefined;
      let digits = event.data.digits;
      if (term && digits.endsWith(term)) digits = digits.slice(0, -1);
      if (node.type === "collect") {
        if (digits.length < node.minDigits) return this.output(id, "timeout");
        const value = digits.slice(0, node.maxDigits);
        this.s.digits = value;
        this.setVar(node.variable, value);
        return this.output(id, "next");
      }
      if (node.type === "menu") return this.menuAnswer(id, node, digits);
    }
    if (wait === "bridge" && node.type === "forward") {
      if (event.type === "bridge.done") {
        const outcome = event.data.outcome;
        if (outcome === "answered") this.s.ans = 1;
        return this.output(id, outcome === "rejected" ? "busy" : outcome);
      }
      if (event.type === "action.failed") return this.output(id, "failed");
    }
    if (wait === "decision" && node.type === "decision" && event.type === "decision.result") {
      const r = event.result;
      if ("error" in r) return this.output(id, r.error === "timeout" ? "timeout" : "error");
      if (!has(node.routes, r.output)) return this.output(id, "error");
      for (const [k, v] of Object.entries(r.variables ?? {})) {
        if (VAR_NAME.test(k) && typeof v === "string") this.setVar(k, v);
      }
      return this.output(id, r.output);
    }
    // An event the waiting node did not ask for (or a failed action): the flow has no answer.
    return this.fallback();
  }

  private menuAnswer(id: string, node: NodeOf<"menu">, digits: string): string | undefined {
    if (digits !== "" && has(node.options, digits)) {
      this.s.digits = digits;
      this.s.tries = undefined;
      return this.output(id, digits);
    }
    const tries = (this.s.tries ?? 0) + 1;
    this.s.tries = tries;
    if (tries > node.retries) {
      this.s.tries = undefined;
      return this.output(id, "failure");
    }
    const retryPrompt = digits === "" ? node.noInputPrompt : node.noMatchPrompt;
    if (retryPrompt) {
      // One waiting action per answer: the retry prompt first, the menu again on its play.done.
      this.actions.push({ type: "play", prompt: this.prompt(retryPrompt) });
      return this.wait(id, "reprompt");
    }
    this.actions.push(this.menuCollect(node));
    return this.wait(id, "collect");
  }
}

/**
 * The pure interpreter: one event in, the actions for the edge and the next opaque state out.
 * No clock (pass `now`), no I/O (a decision node returns `invoke`), no Math.random.
 */
export function step(flow: Flow, state: string | undefined, event: StepEvent, now: Date): StepResult {
  if (event.type === "call.ended") {
    const s = decodeState(state) ?? freshState();
    s.at = undefined;
    s.wait = undefined;
    s.done = 1;
    return { actions: [], state: encodeState(s), path: [], ended: true };
  }
  if (event.type === "call.new") {
    const run = new Run(flow, event.call, now, freshState());
    run.run(flow.entry);
    return run.result();
  }
  const s = decodeState(state);
  if (s?.done) return { actions: [], state: state as string, path: [], ended: true };
  const run = new Run(flow, event.call, now, s ?? freshState());
  if (!s) {
    // No usable state (lost, tampered, another version): the fallback, never a stuck caller.
    run.run(run.fallback(true));
    return run.result();
  }
  const elapsedSec = (now.getTime() - Date.parse(event.call.receivedAt)) / 1000;
  if (elapsedSec > flow.settings.limits.maxCallSec) {
    run.hangup(480, "Call time limit reached");
    return run.result();
  }
  run.resume(event);
  return run.result();
}
