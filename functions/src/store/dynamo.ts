import { gunzipSync, gzipSync } from "node:zlib";
import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { CallTrace } from "@ringflow/flow/protocol";
import {
  FlowArchived,
  FlowExists,
  NumberInUse,
  NumberNotGranted,
  NumberTaken,
  notFound,
  RevisionConflict,
  TenantExists,
  VersionExists,
} from "../errors.js";
import { callsCursor, decodeCallsCursor } from "./cursor.js";
import * as K from "./keys.js";
import {
  type ApiKeyRecord,
  type BindInput,
  type CallPage,
  type CallSummary,
  type CustomerFunction,
  type FlowDraft,
  type FlowSummary,
  type FlowVersion,
  type NumberBinding,
  type Store,
  summarizeTrace,
  type VersionSummary,
} from "./types.js";

type Item = Record<string, unknown>;

const isConditionFailure = (err: unknown) =>
  err instanceof ConditionalCheckFailedException ||
  (err instanceof Error && err.name === "ConditionalCheckFailedException");

const str = (v: unknown) => String(v ?? "");
const num = (v: unknown) => Number(v ?? 0);

function toDraft(item: Item): FlowDraft {
  return { ...toFlowSummary(item), doc: JSON.parse(str(item.doc)) };
}

function toFlowSummary(item: Item): FlowSummary {
  return {
    tenantId: str(item.tenantId),
    flowId: str(item.flowId),
    name: str(item.name),
    revision: num(item.revision),
    errors: num(item.errors),
    warnings: num(item.warnings),
    createdAt: str(item.createdAt),
    updatedAt: str(item.updatedAt),
    ...(item.updatedBy ? { updatedBy: str(item.updatedBy) } : {}),
    ...(item.archivedAt ? { archivedAt: str(item.archivedAt) } : {}),
  };
}

function toVersionSummary(item: Item): VersionSummary {
  return {
    tenantId: str(item.tenantId),
    flowId: str(item.flowId),
    version: num(item.version),
    name: str(item.name),
    message: str(item.message),
    fromRevision: num(item.fromRevision),
    publishedAt: str(item.publishedAt),
    publishedBy: str(item.publishedBy),
  };
}

function toBinding(item: Item): NumberBinding {
  const version = item.version === "latest" || item.version === "draft" ? item.version : num(item.version);
  return {
    number: str(item.number),
    tenantId: str(item.tenantId),
    ...(item.flowId ? { flowId: str(item.flowId), version } : {}),
    updatedAt: str(item.updatedAt),
  };
}

const setOf = (v: unknown): string[] => (v instanceof Set ? [...v].map(String) : []);

/** Room for a compressed trace inside DynamoDB's 400 KB item limit, next to its summary. */
export const TRACE_BODY_BUDGET = 300 * 1024;

/**
 * The trace gzipped, within the item budget: when a call's SIP messages are too big, their raw
 * text is cut (marked `truncated`), first to 2 KB each, then to nothing; the ladder survives.
 */
export function fitTrace(trace: CallTrace): Uint8Array {
  let body = gzipSync(JSON.stringify(trace));
  for (const keep of [2048, 0]) {
    if (body.length <= TRACE_BODY_BUDGET) break;
    const sip = trace.sip.map((m) =>
      m.raw.length > keep ? { ...m, raw: m.raw.slice(0, keep), truncated: true } : m,
    );
    body = gzipSync(JSON.stringify({ ...trace, sip }));
  }
  return body;
}

export interface DynamoStoreOptions {
  client: DynamoDBClient;
  table: string;
  now?: () => number;
  /** Attempts a publish makes when concurrent publishers keep taking the next number. */
  publishAttempts?: number;
}

/** The Store on one DynamoDB table (see keys.ts for the layout). */
export class DynamoStore implements Store {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly now: () => number;
  private readonly publishAttempts: number;

  constructor(opts: DynamoStoreOptions) {
    this.doc = DynamoDBDocumentClient.from(opts.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.table = opts.table;
    this.now = opts.now ?? Date.now;
    this.publishAttempts = opts.publishAttempts ?? 20;
  }

  private iso = () => new Date(this.now()).toISOString();

  private async get(pk: string, sk: string): Promise<Item | undefined> {
    const r = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true }),
    );
    return r.Item;
  }

  /** All pages of a query (for small, bounded collections: a tenant's flows, versions, numbers). */
  private async queryAll(input: Omit<QueryCommandInput, "TableName">): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.doc.send(
        new QueryCommand({ TableName: this.table, ...input, ExclusiveStartKey: start }),
      );
      items.push(...(r.Items ?? []));
      start = r.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async createFlow(input: Parameters<Store["createFlow"]>[0]): Promise<FlowDraft> {
    const at = this.iso();
    const draft: FlowDraft = {
      ...input,
      name: str(input.doc.name),
      revision: 1,
      createdAt: at,
      updatedAt: at,
    };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: K.tenantPk(input.tenantId),
            sk: K.flowSk(input.flowId),
            ...draft,
            doc: JSON.stringify(input.doc),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw new FlowExists(input.flowId);
      throw err;
    }
    return draft;
  }

  async getFlow(tenantId: string, flowId: string) {
    const item = await this.get(K.tenantPk(tenantId), K.flowSk(flowId));
    return item ? toDraft(item) : undefined;
  }

  async listFlows(tenantId: string): Promise<FlowSummary[]> {
    const items = await this.queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
      ExpressionAttributeValues: { ":pk": K.tenantPk(tenantId), ":p": K.FLOW_PREFIX },
      ProjectionExpression:
        "tenantId, flowId, #n, revision, errors, warnings, createdAt, updatedAt, updatedBy, archivedAt",
      ExpressionAttributeNames: { "#n": "name" },
    });
    return items.map(toFlowSummary);
  }

  async saveDraft(input: Parameters<Store["saveDraft"]>[0]): Promise<FlowDraft> {
    const pk = K.tenantPk(input.tenantId);
    const sk = K.flowSk(input.flowId);
    // One conditional UpdateItem (no read first): it fails unless the stored revision is the one
    // the writer read, and it keeps createdAt.
    try {
      const r = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk, sk },
          // updatedBy names this save's writer, or goes (an older writer's name would be wrong).
          UpdateExpression:
            input.updatedBy !== undefined
              ? "SET #doc = :doc, #name = :name, revision = :next, errors = :e, warnings = :w, updatedAt = :at, updatedBy = :by"
              : "SET #doc = :doc, #name = :name, revision = :next, errors = :e, warnings = :w, updatedAt = :at REMOVE updatedBy",
          ConditionExpression: "revision = :r AND attribute_not_exists(archivedAt)",
          ExpressionAttributeNames: { "#doc": "doc", "#name": "name" },
          ExpressionAttributeValues: {
            ":doc": JSON.stringify(input.doc),
            ":name": str(input.doc.name),
            ":next": input.expectedRevision + 1,
            ":e": input.errors,
            ":w": input.warnings,
            ":at": this.iso(),
            ":r": input.expectedRevision,
            ...(input.updatedBy !== undefined ? { ":by": input.updatedBy } : {}),
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      return { ...toFlowSummary(r.Attributes ?? {}), doc: input.doc };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      // dynalite ignores ReturnValuesOnConditionCheckFailure: read the winner's revision.
      const now = await this.get(pk, sk);
      if (now?.archivedAt) throw new FlowArchived(input.flowId);
      throw new RevisionConflict(now ? num(now.revision) : null);
    }
  }

  async deleteFlow(tenantId: string, flowId: string, expectedRevision?: number) {
    await this.retireFlow(tenantId, flowId, expectedRevision, "delete");
  }

  async archiveFlow(tenantId: string, flowId: string, expectedRevision?: number) {
    await this.retireFlow(tenantId, flowId, expectedRevision, "archive");
  }

  /**
   * Delete or archive, conditional on the draft holding no numbers (see keys.ts). A number left
   * in the set by a bind that failed half-way is checked against its number item and dropped,
   * then the write is tried once more.
   */
  private async retireFlow(
    tenantId: string,
    flowId: string,
    expectedRevision: number | undefined,
    how: "delete" | "archive",
  ) {
    const pk = K.tenantPk(tenantId);
    const sk = K.flowSk(flowId);
    const cond = [
      "attribute_exists(pk)",
      "attribute_not_exists(numbers)",
      "attribute_not_exists(archivedAt)",
      ...(expectedRevision === undefined ? [] : ["revision = :r"]),
    ].join(" AND ");
    const values = expectedRevision === undefined ? {} : { ":r": expectedRevision };
    for (let attempt = 0; ; attempt++) {
      try {
        if (how === "delete") {
          await this.doc.send(
            new DeleteCommand({
              TableName: this.table,
              Key: { pk, sk },
              ConditionExpression: cond,
              ...(expectedRevision === undefined ? {} : { ExpressionAttributeValues: values }),
            }),
          );
        } else {
          await this.doc.send(
            new UpdateCommand({
              TableName: this.table,
              Key: { pk, sk },
              UpdateExpression: "SET archivedAt = :at",
              ConditionExpression: cond,
              ExpressionAttributeValues: { ...values, ":at": this.iso() },
            }),
          );
        }
        return;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
      const cur = await this.get(pk, sk);
      if (!cur) throw notFound(`flow ${flowId}`);
      if (cur.archivedAt) throw new FlowArchived(flowId);
      if (expectedRevision !== undefined && num(cur.revision) !== expectedRevision)
        throw new RevisionConflict(num(cur.revision));
      const held = setOf(cur.numbers);
      const bound: string[] = [];
      for (const n of held) {
        const b = await this.getNumber(n);
        if (b?.tenantId === tenantId && b.flowId === flowId) bound.push(n);
        else await this.releaseFromFlow(tenantId, flowId, n);
      }
      if (bound.length > 0 || attempt > 0) throw new NumberInUse(bound.length > 0 ? bound : held);
    }
  }

  private async releaseFromFlow(tenantId: string, flowId: string, number: string) {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: K.tenantPk(tenantId), sk: K.flowSk(flowId) },
          UpdateExpression: "DELETE numbers :n",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":n": new Set([number]) },
        }),
      )
      .catch((err: unknown) => {
        if (!isConditionFailure(err)) throw err;
      });
  }

  async putVersion(v: FlowVersion) {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: K.tenantPk(v.tenantId),
            sk: K.versionSk(v.flowId, v.version),
            ...v,
            doc: JSON.stringify(v.doc),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw new VersionExists(v.version);
      throw err;
    }
    return v;
  }

  async publish(input: Parameters<Store["publish"]>[0]) {
    for (let attempt = 0; ; attempt++) {
      const latest = await this.latestVersionNumber(input.tenantId, input.flowId);
      try {
        return await this.putVersion({ ...input, version: latest + 1, publishedAt: this.iso() });
      } catch (err) {
        if (!(err instanceof VersionExists) || attempt + 1 >= this.publishAttempts) throw err;
      }
    }
  }

  async getVersion(tenantId: string, flowId: string, version: number) {
    const item = await this.get(K.tenantPk(tenantId), K.versionSk(flowId, version));
    return item ? { ...toVersionSummary(item), doc: JSON.parse(str(item.doc)) } : undefined;
  }

  private async latestQuery(tenantId: string, flowId: string, projection?: string) {
    const r = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
        ExpressionAttributeValues: { ":pk": K.tenantPk(tenantId), ":p": K.versionPrefix(flowId) },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
        ...(projection ? { ProjectionExpression: projection } : {}),
      }),
    );
    return r.Items?.[0];
  }

  private async latestVersionNumber(tenantId: string, flowId: string): Promise<number> {
    const item = await this.latestQuery(tenantId, flowId, "sk");
    return item ? K.versionFromSk(str(item.sk)) : 0;
  }

  async latestVersion(tenantId: string, flowId: string) {
    const item = await this.latestQuery(tenantId, flowId);
    return item ? { ...toVersionSummary(item), doc: JSON.parse(str(item.doc)) } : undefined;
  }

  async listVersions(tenantId: string, flowId: string): Promise<VersionSummary[]> {
    const items = await this.queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
      ExpressionAttributeValues: { ":pk": K.tenantPk(tenantId), ":p": K.versionPrefix(flowId) },
      ProjectionExpression: "tenantId, flowId, version, #n, message, fromRevision, publishedAt, publishedBy",
      ExpressionAttributeNames: { "#n": "name" },
    });
    return items.map(toVersionSummary);
  }

  async grantNumber(number: string, tenantId: string) {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: K.numberPk(number),
            sk: K.NUMBER_SK,
            number,
            tenantId,
            gsi1pk: K.tenantNumbersGsi(tenantId),
            gsi1sk: number,
            updatedAt: this.iso(),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      // Granted already: fine for its holder (nothing changes), refused for anyone else.
      if ((await this.getNumber(number))?.tenantId !== tenantId) throw new NumberTaken(number);
    }
  }

  async bindNumber(input: BindInput) {
    const { number, tenantId, flowId, version } = input;
    // 1. The flow records the number (the lock a delete or archive checks).
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: K.tenantPk(tenantId), sk: K.flowSk(flowId) },
          UpdateExpression: "ADD numbers :n",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(archivedAt)",
          ExpressionAttributeValues: { ":n": new Set([number]) },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      if ((await this.get(K.tenantPk(tenantId), K.flowSk(flowId)))?.archivedAt)
        throw new FlowArchived(flowId);
      throw notFound(`flow ${flowId}`);
    }
    // 2. The number points at the flow, if the tenant holds it.
    const b: NumberBinding = { number, tenantId, flowId, version, updatedAt: this.iso() };
    let old: Item | undefined;
    try {
      const r = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: K.numberPk(number), sk: K.NUMBER_SK },
          UpdateExpression: "SET flowId = :f, version = :v, updatedAt = :at",
          ConditionExpression: "tenantId = :t",
          ExpressionAttributeValues: { ":f": flowId, ":v": version, ":at": b.updatedAt, ":t": tenantId },
          ReturnValues: "ALL_OLD",
        }),
      );
      old = r.Attributes;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      await this.releaseFromFlow(tenantId, flowId, number);
      throw new NumberNotGranted(number);
    }
    // 3. The flow it pointed at before no longer holds it.
    if (old?.flowId && old.flowId !== flowId) await this.releaseFromFlow(tenantId, str(old.flowId), number);
    return b;
  }

  async getNumber(number: string) {
    const item = await this.get(K.numberPk(number), K.NUMBER_SK);
    return item ? toBinding(item) : undefined;
  }

  async listNumbers(tenantId: string) {
    const items = await this.queryAll({
      IndexName: K.TABLE_INDEX,
      KeyConditionExpression: "gsi1pk = :g",
      ExpressionAttributeValues: { ":g": K.tenantNumbersGsi(tenantId) },
    });
    return items.map(toBinding);
  }

  async unbindNumber(tenantId: string, number: string) {
    let old: Item | undefined;
    try {
      const r = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: K.numberPk(number), sk: K.NUMBER_SK },
          UpdateExpression: "REMOVE flowId, version SET updatedAt = :at",
          ConditionExpression: "tenantId = :t AND attribute_exists(flowId)",
          ExpressionAttributeValues: { ":t": tenantId, ":at": this.iso() },
          ReturnValues: "ALL_OLD",
        }),
      );
      old = r.Attributes;
    } catch (err) {
      if (isConditionFailure(err)) throw notFound(`number ${number}`);
      throw err;
    }
    if (old?.flowId) await this.releaseFromFlow(tenantId, str(old.flowId), number);
  }

  async putApiKey(record: ApiKeyRecord) {
    const { hash: _h, ...summary } = record;
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: K.apiKeyPk(record.hash),
          sk: K.API_KEY_SK,
          ...record,
          gsi1pk: K.tenantKeysGsi(record.tenantId),
          gsi1sk: record.id,
          summary: JSON.stringify(summary),
        },
      }),
    );
  }

  async getApiKey(hash: string) {
    const item = await this.get(K.apiKeyPk(hash), K.API_KEY_SK);
    if (!item) return undefined;
    return {
      id: str(item.id),
      hash: str(item.hash),
      tenantId: str(item.tenantId),
      role: str(item.role) as ApiKeyRecord["role"],
      name: str(item.name),
      createdAt: str(item.createdAt),
    };
  }

  async listApiKeys(tenantId: string) {
    const items = await this.queryAll({
      IndexName: K.TABLE_INDEX,
      KeyConditionExpression: "gsi1pk = :g",
      ExpressionAttributeValues: { ":g": K.tenantKeysGsi(tenantId) },
    });
    return items.map((i) => JSON.parse(str(i.summary)) as Omit<ApiKeyRecord, "hash">);
  }

  async deleteApiKey(tenantId: string, id: string) {
    const r = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: K.TABLE_INDEX,
        KeyConditionExpression: "gsi1pk = :g AND gsi1sk = :id",
        ExpressionAttributeValues: { ":g": K.tenantKeysGsi(tenantId), ":id": id },
      }),
    );
    const hit = r.Items?.[0];
    if (!hit) throw notFound(`key ${id}`);
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: hit.pk, sk: hit.sk },
          ConditionExpression: "tenantId = :t",
          ExpressionAttributeValues: { ":t": tenantId },
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw notFound(`key ${id}`);
      throw err;
    }
  }

  async createTenant(tenantId: string) {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: K.tenantPk(tenantId), sk: K.TENANT_SK, tenantId, createdAt: this.iso() },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw new TenantExists(tenantId);
      throw err;
    }
  }

  async putFunction(tenantId: string, name: string): Promise<CustomerFunction> {
    const fn: CustomerFunction = { tenantId, name, createdAt: this.iso() };
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: K.tenantPk(tenantId), sk: K.functionSk(name), ...fn },
      }),
    );
    return fn;
  }

  async listFunctions(tenantId: string): Promise<CustomerFunction[]> {
    const items = await this.queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
      ExpressionAttributeValues: { ":pk": K.tenantPk(tenantId), ":p": K.FUNCTION_PREFIX },
    });
    return items.map((i) => ({ tenantId: str(i.tenantId), name: str(i.name), createdAt: str(i.createdAt) }));
  }

  async deleteFunction(tenantId: string, name: string) {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: K.tenantPk(tenantId), sk: K.functionSk(name) },
          ConditionExpression: "attribute_exists(pk)",
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw notFound(`function ${name}`);
      throw err;
    }
  }

  async putTrace(trace: CallTrace & { tenantId: string }, expiresAt: number) {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: K.callPk(trace.callId),
            sk: K.TRACE_SK,
            tenantId: trace.tenantId,
            gsi1pk: K.tenantCallsGsi(trace.tenantId),
            gsi1sk: K.callOrderKey(trace.startedAt, trace.callId),
            summary: JSON.stringify(summarizeTrace(trace)),
            body: fitTrace(trace),
            [K.TTL_ATTRIBUTE]: Math.floor(expiresAt),
          },
          // A retried batch may rewrite a trace; a call id never crosses tenants.
          ConditionExpression: "attribute_not_exists(pk) OR tenantId = :t",
          ExpressionAttributeValues: { ":t": trace.tenantId },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  private live(item: Item) {
    return num(item[K.TTL_ATTRIBUTE]) > this.now() / 1000;
  }

  async getTrace(tenantId: string, callId: string) {
    const item = await this.get(K.callPk(callId), K.TRACE_SK);
    if (!item || item.tenantId !== tenantId || !this.live(item)) return undefined;
    return JSON.parse(gunzipSync(item.body as Uint8Array).toString("utf8")) as CallTrace;
  }

  async listCalls(tenantId: string, opts: { limit: number; cursor?: string }): Promise<CallPage> {
    const gsi1pk = K.tenantCallsGsi(tenantId);
    let start: Record<string, unknown> | undefined = opts.cursor
      ? decodeCallsCursor(opts.cursor, gsi1pk)
      : undefined;
    const calls: CallSummary[] = [];
    // Expired items are filtered after the Limit applies, so keep reading until the page is full.
    while (calls.length < opts.limit) {
      const r = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: K.TABLE_INDEX,
          KeyConditionExpression: "gsi1pk = :g",
          FilterExpression: "#ttl > :now",
          ExpressionAttributeNames: { "#ttl": K.TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ":g": gsi1pk, ":now": Math.floor(this.now() / 1000) },
          ScanIndexForward: false,
          Limit: opts.limit - calls.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of r.Items ?? []) calls.push(JSON.parse(str(item.summary)) as CallSummary);
      start = r.LastEvaluatedKey;
      if (!start) break;
    }
    return { calls, ...(start ? { cursor: callsCursor(start) } : {}) };
  }
}
