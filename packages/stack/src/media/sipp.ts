// What the media e2e tests share to drive SIPp: one SIPp process a call leg, the test's INFOs
// that step a scenario (hang up, hold, unhold: SIPp matches them by Call-ID), the datagrams a
// scenario sends back when a step is done, and publishing a flow on a number of the local stack.
import { type ChildProcess, spawn } from "node:child_process";
import { createSocket, type Socket } from "node:dgram";
import { freePort } from "@ringflow/testkit";

export interface SippRun {
  /** Its SIP port (the one to send the test's INFOs to). */
  port: number;
  /** Resolves with its exit code (0: the scenario passed). */
  done: Promise<number>;
  /** The end of what it printed, for an error message. */
  output: () => string;
}

/** SIPp processes of one test file, all killed by `killAll` (afterAll). */
export class SippProcesses {
  private readonly children = new Set<ChildProcess>();

  /** One call (`-m 1`) on free SIP and media ports; `timeout`: SIPp's own, a failure. */
  async run(args: string[], timeout = "50s"): Promise<SippRun> {
    const port = await freePort();
    const mediaPort = await freePort();
    const child = spawn(
      "sipp",
      [
        ...["-i", "127.0.0.1", "-p", String(port), "-mp", String(mediaPort)],
        ...["-m", "1", "-nostdin", "-timeout", timeout, "-timeout_error"],
        ...args,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    return { port, ...this.watch(child) };
  }

  /** Any other child process the test starts, killed with the rest. */
  watch(child: ChildProcess): { done: Promise<number>; output: () => string } {
    this.children.add(child);
    let out = "";
    child.stdout?.on("data", (d) => (out += String(d)));
    child.stderr?.on("data", (d) => (out += String(d)));
    const done = new Promise<number>((resolve) =>
      child.on("exit", (code) => {
        this.children.delete(child);
        resolve(code ?? 1);
      }),
    );
    return { done, output: () => out.slice(-4000) };
  }

  killAll(): void {
    for (const c of this.children) c.kill("SIGKILL");
  }
}

/**
 * An INFO to a SIPp scenario on its call's Call-ID: the step it waits for (media-caller hangs
 * up, media-caller-hold and media-callee-holds re-INVITE). `step` makes each a transaction of its own.
 */
export function sendInfo(sippPort: number, callId: string, step = "hangup"): void {
  const msg = [
    `INFO sip:caller@127.0.0.1:${sippPort} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-test-${step}`,
    "From: <sip:test@127.0.0.1>;tag=test",
    "To: <sip:caller@127.0.0.1>;tag=caller",
    `Call-ID: ${callId}`,
    "CSeq: 1 INFO",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  const s = createSocket("udp4");
  s.send(msg, sippPort, "127.0.0.1", () => s.close());
}

/** The datagrams a scenario sends to [notify_port] ("reinvite-2", "answered-<Call-ID>"...). */
export class SippNotices {
  readonly received: string[] = [];
  private waiters: (() => void)[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on("message", (m) => {
      this.received.push(String(m));
      for (const w of [...this.waiters]) w();
    });
  }

  static async open(): Promise<SippNotices> {
    const socket = createSocket("udp4");
    await new Promise<void>((r) => socket.bind(0, "127.0.0.1", () => r()));
    return new SippNotices(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** Resolves with the first notice that `matches` (already received, or when it comes). */
  next(label: string, matches: (m: string) => boolean, ms = 20_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this.received.find(matches);
        if (m === undefined) return;
        clearTimeout(t);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve(m);
      };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`no notice from SIPp: ${label}`));
      }, ms);
      this.waiters.push(check);
      check();
    });
  }

  /** A re-INVITE's 200 was checked and ACKed by the scenario. */
  reinvited(cseq: number): Promise<string> {
    return this.next(`200 to re-INVITE ${cseq}`, (m) => m === `reinvite-${cseq}`);
  }

  close(): void {
    this.socket.close();
  }
}

/** What publishing needs of the local stack's store (packages/stack may not import functions). */
interface PublishingStore {
  grantNumber(number: string, tenantId: string): Promise<unknown>;
  createFlow(o: {
    tenantId: string;
    flowId: string;
    doc: unknown;
    errors: number;
    warnings: number;
  }): Promise<unknown>;
  getFlow(tenantId: string, flowId: string): Promise<{ revision: number } | null | undefined>;
  publish(o: {
    tenantId: string;
    flowId: string;
    name: string;
    doc: unknown;
    message: string;
    fromRevision: number;
    publishedBy: string;
  }): Promise<unknown>;
  bindNumber(o: { number: string; tenantId: string; flowId: string; version: "latest" }): Promise<unknown>;
}

/** Publishes `doc` as `flowId` of `tenantId` and binds `number` to its latest version. */
export async function publishOnNumber(
  stack: { store: PublishingStore },
  o: { number: string; tenantId: string; flowId: string; doc: { name: string } },
): Promise<void> {
  const s = stack.store;
  const { number, tenantId, flowId, doc } = o;
  await s.grantNumber(number, tenantId);
  await s.createFlow({ tenantId, flowId, doc, errors: 0, warnings: 0 });
  const d = await s.getFlow(tenantId, flowId);
  await s.publish({
    tenantId,
    flowId,
    name: doc.name,
    doc,
    message: "test",
    fromRevision: d!.revision,
    publishedBy: "test",
  });
  await s.bindNumber({ number, tenantId, flowId, version: "latest" });
}
