import { type Endpoint, parseEndpoint, UdpPcapWriter, type UdpRecord } from "@ringflow/flow/trace";
import { addr } from "../sip/transport.js";

// One call's RTP and RTCP as the edge's sockets saw them (both directions, both legs of an
// anchored bridge), kept only when the call's flow asks for it (settings.captureRtp: caller
// audio is personal data). Packets are copied into 64 KiB chunks, with their time and a small
// index into the call's few addresses, so a packet costs its bytes plus ~16 bytes of
// bookkeeping, not an object and a Buffer each. A capture stops for good at the first cap it
// meets (packets, bytes, duration from its first packet, or the process-wide byte budget shared
// by every capture), so what is kept is the call's first minutes, complete, and memory stays
// bounded however long the call or however many calls capture at once.

export interface CaptureLimits {
  /** Packets per call (both directions, RTP and RTCP). */
  maxPackets: number;
  /** UDP payload bytes per call. */
  maxBytes: number;
  /** From the call's first captured packet. */
  maxDurationMs: number;
}

/** 10 minutes of one G.711 call relayed to a callee (4 streams of 50 packets/s), at most 16 MiB. */
export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = {
  maxPackets: 120_000,
  maxBytes: 16 * 1024 * 1024,
  maxDurationMs: 10 * 60_000,
};

export type CaptureStop = "packets" | "bytes" | "duration" | "edge_budget";

/** The bytes every capture of the process holds, against one cap. */
export class CaptureBudget {
  used = 0;
  constructor(readonly maxBytes: number) {}

  take(n: number): boolean {
    if (this.used + n > this.maxBytes) return false;
    this.used += n;
    return true;
  }

  give(n: number): void {
    this.used = Math.max(0, this.used - n);
  }
}

const CHUNK = 64 * 1024;

export class RtpCapture {
  packets = 0;
  bytes = 0;
  truncatedBy: CaptureStop | undefined;
  private firstAt = Number.NaN;
  private readonly chunks: Uint8Array[] = [];
  private fill = CHUNK;
  /** Per packet: time, then (chunk, offset, length, src, dst) packed in `meta`. */
  private at = new Float64Array(1024);
  private meta = new Uint32Array(1024 * 5);
  private readonly endpoints: string[] = [];
  private readonly endpointIndex = new Map<string, number>();
  private readonly hosts: string[] = [];
  private readonly ports: number[] = [];
  private released = false;
  /** A packet came with an earlier time than the one before (not with the edge's monotonic clock). */
  private unordered = false;

  constructor(
    readonly limits: CaptureLimits,
    private readonly budget: CaptureBudget,
  ) {}

  /**
   * One datagram that crossed a socket: `at` in ms since the epoch, addresses as the socket saw
   * them. False once the capture has stopped (this packet and every later one are not kept).
   */
  add(
    at: number,
    srcHost: string,
    srcPort: number,
    dstHost: string,
    dstPort: number,
    data: Uint8Array,
  ): boolean {
    if (this.truncatedBy !== undefined || this.released) return false;
    const n = data.length;
    if (this.packets + 1 > this.limits.maxPackets) return this.stop("packets");
    if (this.bytes + n > this.limits.maxBytes) return this.stop("bytes");
    if (this.packets === 0) this.firstAt = at;
    else if (at - this.firstAt > this.limits.maxDurationMs) return this.stop("duration");
    if (!this.budget.take(n)) return this.stop("edge_budget");
    if (this.fill + n > CHUNK) {
      this.chunks.push(new Uint8Array(Math.max(CHUNK, n)));
      this.fill = 0;
    }
    const c = this.chunks.length - 1;
    (this.chunks[c] as Uint8Array).set(data, this.fill);
    const i = this.packets;
    if (i === this.at.length) this.grow();
    if (i > 0 && at < (this.at[i - 1] as number)) this.unordered = true;
    this.at[i] = at;
    const m = i * 5;
    this.meta[m] = c;
    this.meta[m + 1] = this.fill;
    this.meta[m + 2] = n;
    this.meta[m + 3] = this.endpoint(srcHost, srcPort);
    this.meta[m + 4] = this.endpoint(dstHost, dstPort);
    this.fill += n;
    this.packets++;
    this.bytes += n;
    return true;
  }

  private stop(why: CaptureStop): false {
    this.truncatedBy = why;
    return false;
  }

  private grow(): void {
    const at = new Float64Array(this.at.length * 2);
    at.set(this.at);
    this.at = at;
    const meta = new Uint32Array(this.meta.length * 2);
    meta.set(this.meta);
    this.meta = meta;
  }

  private endpoint(host: string, port: number): number {
    // A call has a handful of addresses: compare them before building a key (no string per packet).
    const n = Math.min(this.endpoints.length, 8);
    for (let i = 0; i < n; i++) if (this.hosts[i] === host && this.ports[i] === port) return i;
    const key = addr(host, port);
    let i = this.endpointIndex.get(key);
    if (i === undefined) {
      i = this.endpoints.length;
      this.endpoints.push(key);
      this.hosts.push(host);
      this.ports.push(port);
      this.endpointIndex.set(key, i);
    }
    return i;
  }

  /**
   * Packet indexes in time order, or undefined when they are in order already: the edge stamps
   * packets with a monotonic clock as they cross its sockets, so a sort is only for the odd caller
   * that is not (stable: equal times keep their arrival order).
   */
  private order(): Uint32Array | undefined {
    if (!this.unordered) return undefined;
    const at = this.at;
    const idx = new Uint32Array(this.packets);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    return idx.sort((x, y) => (at[x] as number) - (at[y] as number) || x - y);
  }

  private record(i: number, eps: Endpoint[]): UdpRecord {
    const m = i * 5;
    const chunk = this.chunks[this.meta[m] as number] as Uint8Array;
    const off = this.meta[m + 1] as number;
    return {
      at: this.at[i] as number,
      src: eps[this.meta[m + 3] as number] as Endpoint,
      dst: eps[this.meta[m + 4] as number] as Endpoint,
      payload: chunk.subarray(off, off + (this.meta[m + 2] as number)),
    };
  }

  /** The packets as UDP records in time order. */
  records(): UdpRecord[] {
    const eps = this.endpoints.map(parseEndpoint);
    const order = this.order();
    return Array.from({ length: this.packets }, (_, k) => this.record(order ? (order[k] as number) : k, eps));
  }

  /**
   * A LINKTYPE_RAW pcap of what was kept (what the recordings bucket stores), encoded in slices
   * of `slice` packets with a turn of the event loop between them: a full capture (120,000
   * packets) takes a few hundred ms of CPU, which must not stall every other call's pacing.
   */
  async toPcap(slice = 1000): Promise<Uint8Array> {
    const turn = () => new Promise<void>((r) => setImmediate(r));
    const eps = this.endpoints.map(parseEndpoint);
    const order = this.order();
    let size = 0;
    for (let i = 0, m = 0; i < this.packets; i++, m += 5) {
      if (i % (slice * 10) === 0) await turn();
      if (this.released) throw new Error("capture released while encoding");
      size += UdpPcapWriter.recordSizeOf(
        eps[this.meta[m + 3] as number] as Endpoint,
        eps[this.meta[m + 4] as number] as Endpoint,
        this.meta[m + 2] as number,
      );
    }
    const w = new UdpPcapWriter(size);
    for (let k = 0; k < this.packets; k++) {
      if (k % slice === 0) await turn();
      if (this.released) throw new Error("capture released while encoding");
      w.add(this.record(order ? (order[k] as number) : k, eps));
    }
    return w.finish();
  }

  /** Frees the memory and gives its bytes back to the process budget (idempotent). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.budget.give(this.bytes);
    this.chunks.length = 0;
    this.at = new Float64Array(0);
    this.meta = new Uint32Array(0);
  }
}
