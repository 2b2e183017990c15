// RFC 3261 §17 timer values (Table 4 of Appendix A).

export interface TimerConfig {
  /** RTT estimate, default 500 ms. */
  T1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, default 4 s. */
  T2: number;
  /** Maximum time a message stays in the network, default 5 s. */
  T4: number;
  /**
   * Delay before an INVITE server transaction sends 100 Trying itself, default 200 ms;
   * Infinity: never (the TU sends its own 100 Trying, or knows it answers in time).
   */
  trying: number;
}

export const DEFAULT_TIMERS: TimerConfig = { T1: 500, T2: 4000, T4: 5000, trying: 200 };

/** Timer names: the RFC's letters, plus `Trying` (the 200 ms 100 Trying) and `G2xx` (2xx resend). */
export type TimerName =
  | "A"
  | "B"
  | "D"
  | "E"
  | "F"
  | "G"
  | "H"
  | "I"
  | "J"
  | "K"
  | "L"
  | "M"
  | "Trying"
  | "G2xx";

/** Every timer name, in a fixed order (a transaction keeps its timers in a slot per name). */
export const TIMER_NAMES: readonly TimerName[] = [
  "A",
  "B",
  "D",
  "E",
  "F",
  "G",
  "H",
  "I",
  "J",
  "K",
  "L",
  "M",
  "Trying",
  "G2xx",
];

/** Initial duration of a timer on a transport (reliable = TCP/TLS/SCTP). */
export function duration(name: TimerName, c: TimerConfig, reliable: boolean): number {
  switch (name) {
    case "A":
    case "E":
    case "G":
    case "G2xx":
      return c.T1;
    case "B":
    case "F":
    case "H":
    case "L":
    case "M":
      return 64 * c.T1;
    case "D":
      return reliable ? 0 : Math.max(32000, 64 * c.T1);
    case "J":
      return reliable ? 0 : 64 * c.T1;
    case "I":
    case "K":
      return reliable ? 0 : c.T4;
    case "Trying":
      return c.trying;
  }
}
