import { badRequest } from "../errors.js";
import { TRACE_SK } from "./keys.js";

// Paging cursors are opaque to clients: base64url JSON of whatever the store needs to resume.
// A cursor comes back from the client, so it is checked field by field before any store sees it:
// a hand-made one is a 400, never a store error (a 500).

const refused = () => badRequest("the cursor is not one this API gave out");

export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  if (cursor.length > 2000 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw refused();
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw refused();
}

const CALL_ID = "[^#\\u0000-\\u001f]{1,128}";
const ORDER = new RegExp(`^\\d{15}#(${CALL_ID})$`);
const CALL_PK = new RegExp(`^CALL#(${CALL_ID})$`);

/** The DynamoDB store's calls cursor: the index's LastEvaluatedKey, exactly. */
export const callsCursor = (start: Record<string, unknown>) =>
  encodeCursor({ pk: start.pk, sk: start.sk, gsi1pk: start.gsi1pk, gsi1sk: start.gsi1sk });

/** The start key of a calls cursor, checked: the tenant's listing, the four key fields, their shapes. */
export function decodeCallsCursor(cursor: string, gsi1pk: string): Record<string, string> {
  const v = decodeCursor(cursor);
  const keys = Object.keys(v).sort().join(",");
  if (keys !== "gsi1pk,gsi1sk,pk,sk") throw refused();
  if (v.gsi1pk !== gsi1pk) throw badRequest("the cursor belongs to another listing");
  const pk = typeof v.pk === "string" ? CALL_PK.exec(v.pk) : null;
  const order = typeof v.gsi1sk === "string" ? ORDER.exec(v.gsi1sk) : null;
  if (!pk || !order || v.sk !== TRACE_SK || pk[1] !== order[1]) throw refused();
  return { pk: v.pk as string, sk: TRACE_SK, gsi1pk, gsi1sk: v.gsi1sk as string };
}
