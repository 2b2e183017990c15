import type { Logger } from "pino";
import type { MailboxStore } from "../store/mailbox.js";
import type { Recorded } from "./handler.js";

/** The decision function's record.done hook: the recording becomes a message in its mailbox. */
export function storeVoicemail(mailboxes: MailboxStore, log?: Logger): (r: Recorded) => Promise<void> {
  return async (r) => {
    try {
      await mailboxes.putMessage({
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
    }
  };
}
