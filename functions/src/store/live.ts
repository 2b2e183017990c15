import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { LiveCall as LiveCallView } from "@ringflow/flow/api";
import { LIVE_PREFIX, liveSk, TTL_ATTRIBUTE, tenantPk } from "./keys.js";

// Calls in progress, one small item per call in its tenant's partition (keys.ts):
//   pk T#<tenant>   sk LIVE#<callId>   the node the call is at now, `ttl` a few minutes past the
//                                       flow's longest call
// The decision function writes it at every step that leaves the call waiting (one PutItem) and
// deletes it at the step that ends the call; trace ingest sweeps what a failed step left. A
// tenant lists its own with one Query on its own partition, so it can never see another's.

export interface LiveCall extends LiveCallView {
  tenantId: string;
}

export interface LiveCallStore {
  /**
   * One write. The call's first step creates the item; later steps only replace an item that is
   * there, so a step answered after the call ended (a late retry) cannot bring a call back.
   */
  putLiveCall(call: LiveCall, opts: { first: boolean; expiresAt: number }): Promise<void>;
  /** One write: the call is over (nothing happens when there is no such item). */
  endLiveCall(tenantId: string, callId: string): Promise<void>;
  /** The tenant's calls in progress, oldest first (expired ones never). */
  listLiveCalls(tenantId: string, opts?: { limit?: number }): Promise<LiveCall[]>;
}

/** Enough for any dashboard; a tenant with more calls at once reads the first ones. */
export const MAX_LIVE_LISTED = 1000;
/** Caller and called addresses are cut to this in the item, so it stays one write unit (1 KB). */
export const LIVE_ADDRESS_CHARS = 140;

const isConditionFailure = (err: unknown) =>
  err instanceof Error && err.name === "ConditionalCheckFailedException";

/** The item as stored: addresses cut so the whole item stays within one 1 KB write unit. */
export function liveItem(c: LiveCall, expiresAt: number): Record<string, unknown> {
  return {
    pk: tenantPk(c.tenantId),
    sk: liveSk(c.callId),
    ...c,
    from: c.from.slice(0, LIVE_ADDRESS_CHARS),
    to: c.to.slice(0, LIVE_ADDRESS_CHARS),
    [TTL_ATTRIBUTE]: Math.floor(expiresAt),
  };
}

function fromItem(i: Record<string, unknown>): LiveCall {
  const { pk: _pk, sk: _sk, [TTL_ATTRIBUTE]: _ttl, ...rest } = i;
  return rest as unknown as LiveCall;
}

const byStart = (a: LiveCall, b: LiveCall) => a.startedAt - b.startedAt || a.callId.localeCompare(b.callId);

export class MemoryLiveCallStore implements LiveCallStore {
  private readonly items = new Map<string, { item: Record<string, unknown>; expiresAt: number }>();
  constructor(private readonly now: () => number = Date.now) {}
  private k = (t: string, id: string) => `${t}|${id}`;
  async putLiveCall(call: LiveCall, opts: { first: boolean; expiresAt: number }) {
    const k = this.k(call.tenantId, call.callId);
    if (!opts.first && !this.items.has(k)) return;
    this.items.set(k, { item: structuredClone(liveItem(call, opts.expiresAt)), expiresAt: opts.expiresAt });
  }
  async endLiveCall(tenantId: string, callId: string) {
    this.items.delete(this.k(tenantId, callId));
  }
  async listLiveCalls(tenantId: string, opts: { limit?: number } = {}) {
    const nowSec = this.now() / 1000;
    return [...this.items.values()]
      .filter((x) => x.item.tenantId === tenantId && x.expiresAt > nowSec)
      .map((x) => fromItem(structuredClone(x.item)))
      .sort(byStart)
      .slice(0, opts.limit ?? MAX_LIVE_LISTED);
  }
}

export class DynamoLiveCallStore implements LiveCallStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly now: () => number;
  constructor(o: { client: DynamoDBClient; table: string; now?: () => number }) {
    this.doc = DynamoDBDocumentClient.from(o.client, { marshallOptions: { removeUndefinedValues: true } });
    this.table = o.table;
    this.now = o.now ?? Date.now;
  }

  async putLiveCall(call: LiveCall, opts: { first: boolean; expiresAt: number }) {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: liveItem(call, opts.expiresAt),
          ...(opts.first ? {} : { ConditionExpression: "attribute_exists(pk)" }),
        }),
      );
    } catch (err) {
      // The call ended (or its first write failed) before this step's write: leave it gone.
      if (!isConditionFailure(err)) throw err;
    }
  }

  async endLiveCall(tenantId: string, callId: string) {
    await this.doc.send(
      new DeleteCommand({ TableName: this.table, Key: { pk: tenantPk(tenantId), sk: liveSk(callId) } }),
    );
  }

  async listLiveCalls(tenantId: string, opts: { limit?: number } = {}) {
    const limit = opts.limit ?? MAX_LIVE_LISTED;
    const out: LiveCall[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
          // Expiry on AWS is lazy: an item past its ttl may still be there for a while.
          FilterExpression: "#ttl > :now",
          ExpressionAttributeNames: { "#ttl": TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ":pk": tenantPk(tenantId),
            ":p": LIVE_PREFIX,
            ":now": Math.floor(this.now() / 1000),
          },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      out.push(...(r.Items ?? []).map(fromItem));
      start = r.LastEvaluatedKey;
    } while (start && out.length < limit);
    return out.sort(byStart).slice(0, limit);
  }
}

/**
 * DynamoDB's item size (attribute names plus values, strings as UTF-8, numbers ~ digits/2 + 1):
 * what a write is billed by (one write unit per started KB).
 */
export function itemBytes(item: Record<string, unknown>): number {
  let n = 0;
  for (const [k, v] of Object.entries(item)) {
    if (v === undefined) continue;
    n += Buffer.byteLength(k);
    if (typeof v === "string") n += Buffer.byteLength(v);
    else if (typeof v === "number") n += Math.ceil(String(Math.abs(v)).replace(/\D/g, "").length / 2) + 1;
    else if (typeof v === "boolean") n += 1;
    else n += Buffer.byteLength(JSON.stringify(v));
  }
  return n;
}
