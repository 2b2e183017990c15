import type { Action, ActionFailedCode, DecisionEvent } from "@ringflow/flow/protocol";
import { type AudioClip, type MediaResult, writeWav } from "@ringflow/media";
import { BUCKET_PREFIXES } from "@ringflow/names";
import { actionFailed, collectDone, playDone, recordDone } from "../call/events.js";
import type { ActionExecutor, ActionStep, CallControl, MediaAction } from "../call/executor.js";
import { preciseNow } from "../sip/transport.js";
import { CallMedia } from "./call-media.js";
import type { MediaDeps } from "./deps.js";
import type { Prompt } from "./prompts.js";

// The edge's media actions (answer, play, collect, record, pause, sendDigits), one executor for
// every call: the first media action answers the caller with the edge's SDP (200 OK, or 183
// Session Progress for early media) on a port pair from the pool (503 + Retry-After when the
// range is used up); each action then runs on the call's MediaSession and its result becomes
// the protocol event the flow hears next (collect.done, play.done, record.done). A recording
// is stored as a WAV in the recordings bucket, also when the caller hung up while speaking.

type Of<T extends MediaAction["type"]> = Extract<Action, { type: T }>;

const noDigits = /[^0-9*#A-D]/g;

export class MediaExecutor implements ActionExecutor {
  private readonly calls = new WeakMap<CallControl, CallMedia>();
  readonly stats = { answered: 0, refusedNoPorts: 0, recordings: 0, promptFailures: 0 };

  constructor(readonly deps: MediaDeps) {}

  execute(call: CallControl, action: MediaAction): Promise<ActionStep> {
    if (action.type === "answer") return this.answer(call, action.earlyMedia === true);
    // The first media action answers the call (200); after early media it plays on the 183's session.
    const had = this.calls.get(call);
    const answered: Promise<ActionStep> = had
      ? Promise.resolve(had.closed ? null : undefined)
      : this.answer(call, false);
    return answered.then((step) => {
      if (step !== undefined) return step;
      const m = this.calls.get(call);
      if (!m) return null;
      return this.run(call, m, action);
    });
  }

  // ---- answer ------------------------------------------------------------------------------

  /** undefined: answered (go on); null: the call is over or was refused; an event: failed. */
  private async answer(call: CallControl, early: boolean): Promise<ActionStep> {
    const had = this.calls.get(call);
    if (had) {
      if (had.closed) return null;
      if (had.answered || early) return undefined;
      // Early media until now: the flow answers for real (200 with the same SDP).
      if (!call.answerLocally(Buffer.from(had.localSdp, "latin1"), had)) return this.cannotAnswer(call);
      had.answered = true;
      return undefined;
    }
    if (call.phase !== "offering") return this.cannotAnswer(call);
    const pair = await this.deps.pool.acquire();
    if (!pair) {
      this.stats.refusedNoPorts++;
      call.refuse(503, [["Retry-After", String(this.deps.retryAfterSec)]]);
      return null;
    }
    if (call.phase !== "offering") {
      this.deps.pool.release(pair);
      return null;
    }
    const m = new CallMedia(call, pair, this.deps);
    if (!m.negotiate(call.invite.body)) {
      m.close();
      call.refuse(488, [["Warning", '304 ringflow "no common audio codec (PCMU, PCMA)"']]);
      return null;
    }
    const at = preciseNow();
    if (!call.answerLocally(Buffer.from(m.localSdp, "latin1"), m, { early })) {
      m.close();
      return this.cannotAnswer(call);
    }
    this.calls.set(call, m);
    m.answered = !early;
    this.stats.answered++;
    call.traceMedia({ at, action: "answer", durationMs: 0, detail: early ? "183 early media" : "200 OK" });
    return undefined;
  }

  private cannotAnswer(call: CallControl): ActionStep {
    if (call.phase === "ended") return null;
    return actionFailed(call.info, call.decisionState, {
      action: "answer",
      code: "not_answered",
      message: `the call cannot be answered by the edge now (${call.phase})`,
    });
  }

  // ---- play, collect, record, pause, sendDigits ------------------------------------------

  private async run(call: CallControl, m: CallMedia, a: MediaAction): Promise<ActionStep> {
    const receivedAt = this.deps.pacer.now();
    const at = preciseNow();
    if (!(await m.ready()))
      return m.closed ? null : this.failed(call, a.type, "media_failed", "no media session");
    switch (a.type) {
      case "play": {
        const p = await this.prompt(a.prompt);
        if (!p.ok) return this.promptFailed(call, a.type, p);
        const r = await m.run("play", (s, now) =>
          s.play({ prompt: [p.clip], bargeIn: a.bargeIn === true }, now),
        );
        this.trace(call, m, at, receivedAt, r, { promptKey: p.key });
        if (call.phase === "ended") return null;
        return playDone(call.info, call.decisionState, {
          interrupted: r.outcome === "interrupted",
          ...this.common(r),
          promptKey: p.key.slice(0, 512),
        });
      }
      case "collect":
        return this.collect(call, m, a, at, receivedAt);
      case "record":
        return this.record(call, m, a, at, receivedAt);
      case "pause": {
        const r = await m.run("pause", (s, now) => s.pause(a.durationMs, now));
        this.trace(call, m, at, receivedAt, r, {});
        return r.outcome === "hangup" || call.phase === "ended" ? null : undefined;
      }
      case "sendDigits": {
        const r = await m.run("sendDigits", (s, now) =>
          s.sendDigits(a.digits, now, a.toneMs !== undefined ? { toneMs: a.toneMs } : {}),
        );
        this.trace(call, m, at, receivedAt, r, { digits: a.digits });
        return r.outcome === "hangup" || call.phase === "ended" ? null : undefined;
      }
      default:
        return this.failed(call, a.type, "media_unsupported", `no executor for ${a.type}`);
    }
  }

  private async collect(
    call: CallControl,
    m: CallMedia,
    a: Of<"collect">,
    at: number,
    receivedAt: number,
  ): Promise<ActionStep> {
    let clip: AudioClip | undefined;
    let promptKey: string | undefined;
    if (a.prompt) {
      const p = await this.prompt(a.prompt);
      if (!p.ok) return this.promptFailed(call, a.type, p);
      clip = p.clip;
      promptKey = p.key;
    }
    const r = await m.run("collect", (s, now) =>
      s.collect(
        {
          ...(clip ? { prompt: [clip] } : {}),
          maxDigits: a.maxDigits,
          minDigits: a.minDigits,
          firstDigitTimeoutMs: a.firstDigitTimeoutMs,
          interDigitTimeoutMs: a.interDigitTimeoutMs,
          terminator: a.terminator ?? null,
          bargeIn: a.bargeIn ?? true,
        },
        now,
      ),
    );
    this.trace(call, m, at, receivedAt, r, promptKey ? { promptKey } : {});
    if (call.phase === "ended") return null;
    const digits = r.digits.replace(noDigits, "").slice(0, 64);
    const reason =
      r.endedBy === "terminator"
        ? "terminator"
        : r.endedBy === "maxDigits"
          ? "maxDigits"
          : r.outcome === "complete"
            ? "complete"
            : "timeout";
    return collectDone(call.info, call.decisionState, { digits, reason, ...this.common(r) });
  }

  private async record(
    call: CallControl,
    m: CallMedia,
    a: Of<"record">,
    at: number,
    receivedAt: number,
  ): Promise<ActionStep> {
    let greeting: AudioClip | undefined;
    if (a.greeting) {
      const p = await this.prompt(a.greeting);
      if (!p.ok) return this.promptFailed(call, a.type, p);
      greeting = p.clip;
    }
    // The key is fixed before recording starts, so the trace can name it even when the caller
    // hangs up (the call's trace is written at once; the upload follows).
    const key = recordingKey(a.mailbox, call.id);
    // A caller who hangs up ends the call at once; it stays open (and its trace unwritten) until
    // the message is stored and reported.
    const release = call.keepOpen();
    try {
      return await this.recordOn(call, m, a, at, receivedAt, greeting, key);
    } finally {
      release();
    }
  }

  private async recordOn(
    call: CallControl,
    m: CallMedia,
    a: Of<"record">,
    at: number,
    receivedAt: number,
    greeting: AudioClip | undefined,
    key: string,
  ): Promise<ActionStep> {
    const r = await m.run("record", (s, now) =>
      s.record(
        {
          ...(greeting ? { greeting: [greeting] } : {}),
          beep: a.beep,
          maxLengthMs: a.maxLengthSec * 1000,
          ...(a.silenceSec !== undefined ? { silenceMs: a.silenceSec * 1000 } : {}),
          ...(a.silenceThresholdDb !== undefined ? { silenceThresholdDb: a.silenceThresholdDb } : {}),
          ...(a.minLengthSec !== undefined ? { minLengthMs: a.minLengthSec * 1000 } : {}),
          terminator: a.terminator ?? "#",
        },
        now,
      ),
    );
    const kept = r.recording !== undefined && r.recording.pcm.length > 0 && r.outcome !== "tooShort";
    this.trace(call, m, at, receivedAt, r, kept ? { recordingKey: key } : {});
    let stored = "";
    if (kept && r.recording) {
      try {
        await this.deps.recordings.store.put(
          this.deps.recordings.bucket,
          key,
          writeWav(r.recording.pcm),
          "audio/wav",
        );
        stored = key;
        this.stats.recordings++;
      } catch {
        stored = "";
      }
    }
    const event = recordDone(call.info, call.decisionState, {
      key: stored,
      durationSec: Math.round((r.recording?.durationMs ?? 0) / 10) / 100,
      ...this.common(r),
      // A caller who hung up while speaking left a message: it is complete, ended by hang-up.
      ...(stored && r.outcome === "hangup" ? { outcome: "complete" as const } : {}),
    });
    if (call.phase === "ended") {
      // The call no longer waits for this event, but the flow must hear of the message.
      if (stored) call.report(event);
      return null;
    }
    return event;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private async prompt(prompt: Prompt) {
    const r = await this.deps.prompts.load(prompt);
    if (!r.ok) this.stats.promptFailures++;
    return r;
  }

  private promptFailed(call: CallControl, action: string, p: { code: string; message: string }): ActionStep {
    if (call.phase === "ended") return null;
    return this.failed(call, action, "prompt_unavailable", `${p.code}: ${p.message}`);
  }

  private failed(call: CallControl, action: string, code: ActionFailedCode, message: string): DecisionEvent {
    call.traceMedia({
      at: preciseNow(),
      action,
      durationMs: 0,
      outcome: "failed",
      detail: `${code}: ${message}`.slice(0, 200),
    });
    return actionFailed(call.info, call.decisionState, { action, code, message: message.slice(0, 1000) });
  }

  /** The result fields every media event carries. */
  private common(r: MediaResult) {
    const endedBy = r.endedBy === "elapsed" || r.endedBy === "sent" ? undefined : r.endedBy;
    return {
      outcome: r.outcome,
      terminator: r.terminator,
      ...(endedBy ? { endedBy } : {}),
      durationMs: r.durationMs,
    };
  }

  private trace(
    call: CallControl,
    m: CallMedia,
    at: number,
    receivedAt: number,
    r: MediaResult,
    extra: { promptKey?: string; recordingKey?: string; digits?: string },
  ): void {
    const first = m.firstPacketAt;
    call.traceMedia({
      at,
      action: r.action,
      durationMs: r.durationMs,
      outcome: r.outcome,
      endedBy: r.endedBy,
      ...(r.digits
        ? { digits: r.digits.slice(0, 64) }
        : extra.digits
          ? { digits: extra.digits.slice(0, 64) }
          : {}),
      ...(extra.promptKey ? { promptKey: extra.promptKey.slice(0, 512) } : {}),
      ...(extra.recordingKey ? { recordingKey: extra.recordingKey } : {}),
      ...(first !== undefined ? { firstPacketMs: Math.round((first - receivedAt) * 10) / 10 } : {}),
    });
  }
}

/** recordings/<mailbox>/<call id>-<ms>.wav: the mailbox as a path segment, safe characters only. */
export function recordingKey(mailbox: string, callId: string): string {
  const box = mailbox.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 64) || "mailbox";
  const id = callId.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 128);
  return `${BUCKET_PREFIXES.recordings}${box}/${id}-${Date.now()}.wav`;
}
