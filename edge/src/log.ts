import { pino } from "pino";

// The edge's logs: pino JSON lines on stdout. One line per call end at info; decisions, legs and
// refusals at debug. Nothing that could authenticate is ever written: the paths below are
// censored wherever they appear, and the edge never logs SIP headers or raw messages.

export type Logger = pino.Logger;

const REDACT = [
  "authorization",
  "*.authorization",
  "proxy-authorization",
  "*.proxy-authorization",
  "headers.authorization",
  "key",
  "*.key",
  "apiKey",
  "*.apiKey",
  "secretAccessKey",
  "*.secretAccessKey",
  "sessionToken",
  "*.sessionToken",
  "signature",
  "*.signature",
];

export function createLogger(level = "info", destination?: pino.DestinationStream): Logger {
  const opts: pino.LoggerOptions = {
    level,
    base: { svc: "edge" },
    redact: { paths: REDACT, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(opts, destination) : pino(opts);
}

/** For an edge used as a library (tests, benchmarks): logs nothing. */
export const silentLogger: Logger = pino({ level: "silent" });
