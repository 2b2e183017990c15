import { z } from "zod";

// Voicemail: the messages the decision function stores when the edge reports a recording, per
// mailbox (the voicemail node's `mailbox`), listed, played, marked heard, deleted.

export const MailboxName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/);
export const MessageId = z.string().regex(/^[0-9]{15}_[0-9a-f]{8}$/);

export const VoicemailMessage = z
  .object({
    id: MessageId,
    mailbox: z.string(),
    /** The caller as the SIP From said it. */
    from: z.string(),
    callId: z.string(),
    flowId: z.string().optional(),
    receivedAt: z.string(),
    durationSec: z.number().min(0),
    heard: z.boolean(),
  })
  .meta({ id: "VoicemailMessage" });
export type VoicemailMessage = z.infer<typeof VoicemailMessage>;

export const MessageList = z.object({ messages: z.array(VoicemailMessage) });
export type MessageList = z.infer<typeof MessageList>;

export const MailboxSummary = z.object({
  mailbox: z.string(),
  messages: z.number().int(),
  unheard: z.number().int(),
});
export const MailboxList = z.object({ mailboxes: z.array(MailboxSummary) });
export type MailboxList = z.infer<typeof MailboxList>;

export const MarkMessage = z.strictObject({ heard: z.boolean() }).meta({ id: "MarkMessage" });

/** Where new voicemail is announced: a POST of `{ type: "voicemail.new", message }`, signed. */
export const WebhookRequest = z.strictObject({ url: z.url().max(2000) }).meta({ id: "WebhookRequest" });
export const Webhook = z
  .object({
    url: z.string(),
    /** HMAC-SHA256 key for `Ringflow-Signature: v1=hex(hmac(secret, timestamp + "." + body))`; shown once. */
    secret: z.string().optional(),
  })
  .meta({ id: "Webhook" });
export type Webhook = z.infer<typeof Webhook>;
