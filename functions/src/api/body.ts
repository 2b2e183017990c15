import type { Context, Next } from "hono";
import { badRequest } from "../errors.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * JSON request bodies are read once, here: as strict UTF-8 (invalid bytes are a 400, not
 * U+FFFD, which would triple a body past what the size cap measured) and with `__proto__` keys
 * refused (zod drops them, so a stored raw document would differ from the one validated). The
 * parsed value is what every later `c.req.json()` sees.
 */
export async function strictJsonBody(c: Context, next: Next) {
  const type = c.req.header("content-type") ?? "";
  if (!["POST", "PUT", "PATCH"].includes(c.req.method) || !/json/i.test(type)) return next();
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0) return next();
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw badRequest("the body is not valid UTF-8");
  }
  let value: unknown;
  let proto = false;
  try {
    value = JSON.parse(text, (key, v) => {
      if (key === "__proto__") proto = true;
      return v;
    });
  } catch {
    throw badRequest("the body is not valid JSON");
  }
  if (proto) throw badRequest("__proto__ is not allowed as a key");
  (c.req as unknown as { bodyCache: Record<string, unknown> }).bodyCache = { json: Promise.resolve(value) };
  return next();
}
