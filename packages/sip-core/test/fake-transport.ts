// An in-memory Transport for unit tests: records what is sent (with the fake clock's time)
// and lets a test inject messages as if they arrived.

import { parseMessage, type SipMessage, SipParseError } from "../src/index.js";
import type { FakeClock } from "../src/transaction/clock.js";
import type {
  Address,
  MessageHandler,
  RejectEvent,
  Remote,
  TapEvent,
  Transport,
} from "../src/transport/types.js";

export interface Sent {
  at: number;
  message: SipMessage;
  to: Address;
}

export class FakeTransport implements Transport {
  readonly local: Address = { address: "127.0.0.1", port: 5060 };
  readonly sent: Sent[] = [];
  failSends = false;
  private handlers: MessageHandler[] = [];

  constructor(
    readonly protocol: "udp" | "tcp",
    private readonly clock: FakeClock,
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

  /** Sent messages summarized as "method" or status, with times. */
  log(): Array<[number, string]> {
    return this.sent.map((s) => [s.at, s.message.isRequest ? s.message.method : String(s.message.status)]);
  }
}
