import { randomBytes } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { VoicemailMessage } from "@ringflow/flow/api";
import { tenantPk } from "./keys.js";

// Voicemail messages, one item each in the one table (beside the tenant's flows):
//   pk T#<tenant>   sk MSG#<mailbox>#<id>   id = <received at, 15 digits ms>_<8 hex>
// so a mailbox lists newest first with one descending Query, and a message is one GetItem.

export interface StoredMessage extends VoicemailMessage {
  tenantId: string;
  /** The WAV in the recordings bucket. */
  key: string;
}

export interface NewMessage extends Omit<StoredMessage, "id" | "heard" | "receivedAt"> {
  receivedAt: Date;
}

export interface MailboxStore {
  putMessage(m: NewMessage): Promise<StoredMessage>;
  listMessages(tenantId: string, mailbox?: string): Promise<StoredMessage[]>;
  getMessage(tenantId: string, mailbox: string, id: string): Promise<StoredMessage | undefined>;
  /** Marks heard or unheard; false when there is no such message. */
  markMessage(tenantId: string, mailbox: string, id: string, heard: boolean): Promise<boolean>;
  deleteMessage(tenantId: string, mailbox: string, id: string): Promise<boolean>;
  /** The tenant's voicemail webhook (one per tenant). */
  setWebhook(tenantId: string, hook: StoredWebhook | undefined): Promise<void>;
  getWebhook(tenantId: string): Promise<StoredWebhook | undefined>;
}

export interface StoredWebhook {
  url: string;
  secret: string;
}

const HOOK_SK = "HOOK#voicemail";

const PREFIX = "MSG#";
const sk = (mailbox: string, id: string) => `${PREFIX}${mailbox}#${id}`;
export const newMessageId = (at: Date) =>
  `${String(Math.max(0, at.getTime())).padStart(15, "0")}_${randomBytes(4).toString("hex")}`;

function stored(m: NewMessage): StoredMessage {
  const { receivedAt, ...rest } = m;
  return { ...rest, id: newMessageId(receivedAt), receivedAt: receivedAt.toISOString(), heard: false };
}

export class MemoryMailboxStore implements MailboxStore {
  private readonly items = new Map<string, StoredMessage>();
  private k = (t: string, mailbox: string, id: string) => `${t}|${sk(mailbox, id)}`;
  async putMessage(m: NewMessage) {
    const s = stored(m);
    this.items.set(this.k(s.tenantId, s.mailbox, s.id), s);
    return { ...s };
  }
  async listMessages(tenantId: string, mailbox?: string) {
    return [...this.items.values()]
      .filter((m) => m.tenantId === tenantId && (mailbox === undefined || m.mailbox === mailbox))
      .sort((a, b) => b.id.localeCompare(a.id))
      .map((m) => ({ ...m }));
  }
  async getMessage(tenantId: string, mailbox: string, id: string) {
    const m = this.items.get(this.k(tenantId, mailbox, id));
    return m ? { ...m } : undefined;
  }
  async markMessage(tenantId: string, mailbox: string, id: string, heard: boolean) {
    const m = this.items.get(this.k(tenantId, mailbox, id));
    if (!m) return false;
    m.heard = heard;
    return true;
  }
  async deleteMessage(tenantId: string, mailbox: string, id: string) {
    return this.items.delete(this.k(tenantId, mailbox, id));
  }
  private readonly hooks = new Map<string, StoredWebhook>();
  async setWebhook(tenantId: string, hook: StoredWebhook | undefined) {
    if (hook) this.hooks.set(tenantId, { ...hook });
    else this.hooks.delete(tenantId);
  }
  async getWebhook(tenantId: string) {
    const h = this.hooks.get(tenantId);
    return h ? { ...h } : undefined;
  }
}

const fromItem = (i: Record<string, unknown>): StoredMessage => {
  const { pk: _pk, sk: _sk, ...rest } = i;
  return rest as unknown as StoredMessage;
};

export class DynamoMailboxStore implements MailboxStore {
  private readonly opts: { doc: DynamoDBDocumentClient; table: string };
  constructor(o: { client: DynamoDBClient; table: string }) {
    this.opts = {
      doc: DynamoDBDocumentClient.from(o.client, { marshallOptions: { removeUndefinedValues: true } }),
      table: o.table,
    };
  }
  async putMessage(m: NewMessage) {
    const s = stored(m);
    await this.opts.doc.send(
      new PutCommand({
        TableName: this.opts.table,
        Item: { pk: tenantPk(s.tenantId), sk: sk(s.mailbox, s.id), ...s },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return s;
  }
  async listMessages(tenantId: string, mailbox?: string) {
    const out: StoredMessage[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.opts.doc.send(
        new QueryCommand({
          TableName: this.opts.table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
          ExpressionAttributeValues: {
            ":pk": tenantPk(tenantId),
            ":p": mailbox ? `${PREFIX}${mailbox}#` : PREFIX,
          },
          ScanIndexForward: false,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      out.push(...(r.Items ?? []).map(fromItem));
      start = r.LastEvaluatedKey;
    } while (start && out.length < 1000);
    return mailbox ? out : out.sort((a, b) => b.id.localeCompare(a.id));
  }
  async getMessage(tenantId: string, mailbox: string, id: string) {
    const r = await this.opts.doc.send(
      new GetCommand({ TableName: this.opts.table, Key: { pk: tenantPk(tenantId), sk: sk(mailbox, id) } }),
    );
    return r.Item ? fromItem(r.Item) : undefined;
  }
  async markMessage(tenantId: string, mailbox: string, id: string, heard: boolean) {
    try {
      await this.opts.doc.send(
        new UpdateCommand({
          TableName: this.opts.table,
          Key: { pk: tenantPk(tenantId), sk: sk(mailbox, id) },
          UpdateExpression: "SET heard = :h",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":h": heard },
        }),
      );
      return true;
    } catch (e) {
      if ((e as { name?: string }).name === "ConditionalCheckFailedException") return false;
      throw e;
    }
  }
  async deleteMessage(tenantId: string, mailbox: string, id: string) {
    const r = await this.opts.doc.send(
      new DeleteCommand({
        TableName: this.opts.table,
        Key: { pk: tenantPk(tenantId), sk: sk(mailbox, id) },
        ReturnValues: "ALL_OLD",
      }),
    );
    return r.Attributes !== undefined;
  }
  async setWebhook(tenantId: string, hook: StoredWebhook | undefined) {
    const Key = { pk: tenantPk(tenantId), sk: HOOK_SK };
    if (hook)
      await this.opts.doc.send(new PutCommand({ TableName: this.opts.table, Item: { ...Key, ...hook } }));
    else await this.opts.doc.send(new DeleteCommand({ TableName: this.opts.table, Key }));
  }
  async getWebhook(tenantId: string) {
    const r = await this.opts.doc.send(
      new GetCommand({ TableName: this.opts.table, Key: { pk: tenantPk(tenantId), sk: HOOK_SK } }),
    );
    return r.Item ? { url: String(r.Item.url), secret: String(r.Item.secret) } : undefined;
  }
}
