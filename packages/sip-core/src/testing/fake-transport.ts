// An in-memory Transport for unit tests: records what is sent (with the fake clock's time)
// and lets a test inject messages as if they arrived.

import { parseMessage, type SipMessage, SipParseError } from "../index.js";
import type { FakeClock } from "../transaction/clock.js";
import type {
  Address,
  MessageHandler,
  RejectEvent,
  Remote,
  TapEvent,
  Transport,
} from "../transport/types.js";

export interface Sent {
  at: number;
  message: SipMessage;
  /** Where it went (a Remote with the connection id when the sender named one). */
  to: Address & { connectionId?: number; transport?: "udp" | "tcp" };
}

export class FakeTransport implements Transport {
  readonly sent: Sent[] = [];
  failSends = false;
  private handlers: MessageHandler[] = [];

  constructor(
    readonly protocol: "udp" | "tcp",
    private readonly clock: FakeClock,
    readonly local: Address = { address: "127.0.0.1", port: 5060 },
  ) {}

  get reliable(): boolean {
    return this.protocol === "tcp";
  }

  send(msg: SipMessage | Buffer, to: Address, onError?: (err: Error) => void): void {
    if (this.failSends) {
      onError?.(new Error("unreachable"));
      return;
    }
    // round-trip through bytes so tests see what a peer would
    const parsed = parseMessage(Buffer.isBuffer(msg) ? msg : msg.toBuffer());
    if (parsed instanceof SipParseError) throw parsed;
    this.sent.push({ at: this.clock.now(), message: parsed, to });
  }

  /** Deliver raw text as if it arrived from `from`. */
  inject(
    text: string | SipMessage,
    from: Remote = { address: "192.0.2.1", port: 5070, transport: this.protocol },
  ): void {
    const bytes = typeof text === "string" ? Buffer.from(text.replace(/\r?\n/g, "\r\n")) : text.toBuffer();
    const m = parseMessage(bytes);
    if (m instanceof SipParseError) throw m;
    for (const h of this.handlers) h(m, from);
  }

  onMessage(fn: MessageHandler): void {
    this.handlers.push(fn);
  }
  onTap(_fn: (e: TapEvent) => void): void {}
  onReject(_fn: (e: RejectEvent) => void): void {}
  async close(): Promise<void> {}

  /** Sent messages not yet taken (see `take`), from the first. */
  private cursor = 0;

  /** The messages sent since the last call (each exactly once), for step-by-step tests. */
  take(): Sent[] {
    const out = this.sent.slice(this.cursor);
    this.cursor = this.sent.length;
    return out;
  }

  /** Sent messages summarized as "method" or status, with times. */
  log(): Array<[number, string]> {
    return this.sent.map((s) => [s.at, s.message.isRequest ? s.message.method : String(s.message.status)]);
  }
}
