// DTMF carried in SIP INFO (no RFC; the de facto forms every PBX sends): the body of
// `application/dtmf-relay` is `Signal=5` and `Duration=160` lines (ms), and the body of
// `application/dtmf` is the bare key. Signals 10 and 11 stand for * and # in some gateways. The
// edge answers such an INFO 200 and feeds the digit to `MediaSession.receiveDigit(d, "info", ...)`.

export interface InfoDigit {
  digit: string;
  durationMs?: number;
}

const KEYS = /^[0-9*#A-D]$/;

function normaliseSignal(raw: string): string | null {
  const s = raw.trim().toUpperCase();
  if (s === "10") return "*";
  if (s === "11") return "#";
  return KEYS.test(s) ? s : null;
}

/** The digit of an INFO body, or null when the content type is not DTMF or the body is not a key. */
export function parseDtmfInfo(contentType: string, body: string): InfoDigit | null {
  const type = contentType.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/dtmf-relay" && type !== "application/dtmf") return null;
  const fields = new Map<string, string>();
  for (const line of body.split(/\r?\n/)) {
    const eq = line.indexOf("=");
    if (eq > 0) fields.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  const signal = fields.get("signal") ?? (type === "application/dtmf" ? body.trim() : undefined);
  const digit = signal === undefined ? null : normaliseSignal(signal);
  if (!digit) return null;
  const duration = Number(fields.get("duration"));
  return Number.isFinite(duration) && duration > 0 && duration < 60_000
    ? { digit, durationMs: duration }
    : { digit };
}
