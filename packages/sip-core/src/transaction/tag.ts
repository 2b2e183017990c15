// To tags for server transactions. RFC 3261 §19.3 wants them globally unique and
// cryptographically random (32 bits at least). Asking the OS for 6 bytes per transaction
// costs microseconds on a hot path, and hex-encoding 6 bytes is a C++ call each time; a pool
// of 4 KiB random bytes is drawn and hex-encoded at once, and each tag is cut out of that text.
import { randomFillSync } from "node:crypto";

const pool = Buffer.alloc(4096);
let hex = "";
let next = pool.length;

/** `bytes` random bytes as lowercase hex (12 characters for the default 6). */
export function randomTag(bytes = 6): string {
  if (next + bytes > pool.length) {
    randomFillSync(pool);
    hex = pool.toString("hex");
    next = 0;
  }
  const s = hex.slice(2 * next, 2 * (next + bytes));
  next += bytes;
  return s;
}
