import type { Logger } from "pino";
import type { MailboxStore } from "../store/mailbox.js";
import type { Recorded } from "./handler.js";
import { deliverVoicemailWebhook } from "./webhook.js";

/** The decision function's record.done hook: the recording becomes a message in its mailbox. */
export function storeVoicemail(mailboxes: MailboxStore, log?: Logger): (r: Recorded) => Promise<void> {
  return async (r) => {
    let stored: Awaited<ReturnType<MailboxStore["putMessage"]>>;
    try {
      stored = await mailboxes.putMessage({
        tenantId: r.tenantId,
        mailbox: r.mailbox,
        key: r.key,
        from: r.from,
        callId: r.callId,
        flowId: r.flowId,
        durationSec: r.durationSec,
        receivedAt: r.at,
      });
    } catch (err) {
      // The caller's flow goes on; the recording stays in the bucket.
      log?.error({ err, tenantId: r.tenantId, mailbox: r.mailbox, callId: r.callId }, "voicemail not stored");
      return;
    }
    try {
      const hook = await mailboxes.getWebhook(r.tenantId);
      if (hook) {
        const { tenantId: _t, key: _k, ...message } = stored;
        const status = await deliverVoicemailWebhook(hook, r.tenantId, message);
        if (status >= 300) log?.warn({ tenantId: r.tenantId, status }, "voicemail webhook refused");
      }
    } catch (err) {
      log?.warn({ err, tenantId: r.tenantId }, "voicemail webhook failed");
    }
  };
}
