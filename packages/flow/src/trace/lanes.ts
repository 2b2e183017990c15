import type { CallTrace, TraceSipMessage } from "../protocol/trace.js";

// The shared geometry of a ladder: one lane per "ip:port" address in order of first
// appearance, one arrow per SIP message, times relative to the first message.

export interface LadderArrow {
  /** Seconds since the first message of the trace. */
  t: number;
  from: number;
  to: number;
  label: string;
  /** Right-hand comment: leg and transport (Wireshark's "Comment" column). */
  note: string;
}

export interface Ladder {
  lanes: string[];
  arrows: LadderArrow[];
}

/** The endpoints of a message as seen on the wire: sender first. */
export function endpoints(m: TraceSipMessage): [string, string] {
  return m.dir === "in" ? [m.remote, m.local] : [m.local, m.remote];
}

/** "INVITE" + " (SDP)" when the message carries an SDP body, as Wireshark labels it. */
export function arrowLabel(m: TraceSipMessage): string {
  const hasSdp = /\r?\n\r?\nv=0/.test(m.raw) || /content-type:\s*application\/sdp/i.test(m.raw);
  return hasSdp ? `${m.summary} (SDP)` : m.summary;
}

export function buildLadder(trace: Pick<CallTrace, "sip">): Ladder {
  const sorted = [...trace.sip].sort((a, b) => a.at - b.at);
  const lanes: string[] = [];
  const laneOf = (addr: string): number => {
    let i = lanes.indexOf(addr);
    if (i < 0) i = lanes.push(addr) - 1;
    return i;
  };
  const t0 = sorted[0]?.at ?? 0;
  const arrows = sorted.map((m) => {
    const [src, dst] = endpoints(m);
    const from = laneOf(src);
    const to = laneOf(dst);
    return {
      t: (m.at - t0) / 1000,
      from,
      to,
      label: arrowLabel(m),
      note: `${m.leg} ${m.transport.toUpperCase()}`,
    };
  });
  return { lanes, arrows };
}
