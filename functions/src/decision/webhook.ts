import { createHmac } from "node:crypto";
import type { VoicemailMessage } from "@ringflow/flow/api";
import type { StoredWebhook } from "../store/mailbox.js";

/** `v1=` + hex HMAC-SHA256 of `<timestamp>.<body>`: what a receiver recomputes to trust a delivery. */
export const signWebhook = (secret: string, timestamp: string, body: string) =>
  `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;

/**
 * Announces a new voicemail to the tenant's webhook: one POST, signed, bounded in time. The
 * receiver checks `Ringflow-Signature` against its secret and rejects old timestamps (replays).
 */
export async function deliverVoicemailWebhook(
  hook: StoredWebhook,
  tenantId: string,
  message: VoicemailMessage,
  opts: { now?: () => number; timeoutMs?: number; fetchImpl?: typeof fetch } = {},
): Promise<number> {
  const body = JSON.stringify({ type: "voicemail.new", tenantId, message });
  const timestamp = String(Math.floor((opts.now ?? Date.now)() / 1000));
  const res = await (opts.fetchImpl ?? fetch)(hook.url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "Ringflow-Timestamp": timestamp,
      "Ringflow-Signature": signWebhook(hook.secret, timestamp, body),
    },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(opts.timeoutMs ?? 3000),
  });
  return res.status;
}
