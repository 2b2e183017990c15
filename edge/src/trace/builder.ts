import type {
  CallOutcome,
  CallTrace,
  TraceDecision,
  TraceMedia,
  TraceRtpCapture,
  TraceSipMessage,
} from "@ringflow/flow/protocol";

// Accumulates one call's trace while the call runs; `finish` produces the CallTrace. Limits
// follow the schema (500 SIP messages, 200 decisions, 1000 path steps, 64 KiB per message).

const MAX_SIP = 500;
const MAX_DECISIONS = 200;
const MAX_PATH = 1000;
const MAX_RAW = 65_536;
const MAX_MEDIA = 200;

export class TraceBuilder {
  readonly sip: TraceSipMessage[] = [];
  readonly decisions: TraceDecision[] = [];
  readonly path: string[] = [];
  readonly media: TraceMedia[] = [];
  tenantId: string | undefined;
  flowId: string | undefined;
  version: number | "draft" | undefined;
  droppedSip = 0;
  /** Why the call took its fallback, when it did. */
  fallbackReason: CallTrace["fallbackReason"];
  /** The call's stored RTP capture (its flow asked for one). */
  rtpCapture: TraceRtpCapture | undefined;

  constructor(
    readonly callId: string,
    readonly from: string,
    readonly to: string,
    readonly number: string | undefined,
    readonly startedAt: number,
  ) {}

  addSip(m: Omit<TraceSipMessage, "truncated">): void {
    if (this.sip.length >= MAX_SIP) {
      this.droppedSip++;
      return;
    }
    const cut = m.raw.length > MAX_RAW;
    this.sip.push(cut ? { ...m, raw: m.raw.slice(0, MAX_RAW), truncated: true } : m);
  }

  addDecision(d: TraceDecision): void {
    if (this.decisions.length < MAX_DECISIONS) this.decisions.push(d);
  }

  addMedia(m: TraceMedia): void {
    if (this.media.length < MAX_MEDIA) this.media.push(m);
  }

  addPath(steps: readonly string[]): void {
    for (const s of steps) {
      if (this.path.length >= MAX_PATH) return;
      this.path.push(s.slice(0, 64));
    }
  }

  finish(outcome: CallOutcome, finalStatus: number, endedAt: number): CallTrace {
    return {
      v: 1,
      callId: this.callId,
      ...(this.tenantId !== undefined ? { tenantId: this.tenantId } : {}),
      ...(this.flowId !== undefined ? { flowId: this.flowId } : {}),
      ...(this.version !== undefined ? { version: this.version } : {}),
      from: this.from.slice(0, 512),
      to: this.to.slice(0, 512),
      ...(this.number !== undefined ? { number: this.number.slice(0, 32) } : {}),
      startedAt: this.startedAt,
      endedAt,
      outcome,
      finalStatus,
      ...(this.fallbackReason !== undefined ? { fallbackReason: this.fallbackReason } : {}),
      path: this.path,
      decisions: this.decisions,
      sip: [...this.sip].sort((a, b) => a.at - b.at),
      ...(this.media.length > 0 ? { media: this.media } : {}),
      ...(this.rtpCapture ? { rtpCapture: this.rtpCapture } : {}),
    };
  }
}
