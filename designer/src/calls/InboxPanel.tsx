// The voicemail inbox of this flow's mailboxes (and any other of the tenant's that hold messages):
// each message with who called, when and how long; Play (which marks it heard), Download, Delete.

import { partyOf } from "@ringflow/flow/protocol";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { VoicemailMessage } from "../api/client.js";
import { playBlob } from "../app/player.js";
import { describeError, useClient } from "../app/remote.js";
import { useDesigner } from "../app/store.js";
import { duration } from "./words.js";

export function InboxPanel() {
  const { client } = useClient();
  const flow = useDesigner((s) => s.flow);
  const ours = useMemo(
    () =>
      [
        ...new Set(Object.values(flow.nodes).flatMap((n) => (n.type === "voicemail" ? [n.mailbox] : []))),
      ].sort(),
    [flow.nodes],
  );
  const [others, setOthers] = useState<{ mailbox: string; unheard: number }[]>([]);
  const [mailbox, setMailbox] = useState<string>(ours[0] ?? "");
  const [messages, setMessages] = useState<VoicemailMessage[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    if (!client.configured) return;
    try {
      const boxes = await client.listMailboxes();
      setOthers(boxes);
      if (mailbox) setMessages(await client.listMessages(mailbox));
    } catch (e) {
      setStatus(describeError(e));
    }
  }, [client, mailbox]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const act = async (f: () => Promise<string | null>) => {
    try {
      setStatus(await f());
      await refresh();
    } catch (e) {
      setStatus(describeError(e));
    }
  };

  if (!client.configured) return <p className="muted">Set the API in Settings to read voicemail.</p>;
  const names = [...new Set([...ours, ...others.map((o) => o.mailbox)])];
  const unheard = (m: string) => others.find((o) => o.mailbox === m)?.unheard ?? 0;
  return (
    <div className="inbox">
      <div className="row">
        <h2>Voicemail</h2>
        <button type="button" className="small" onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
      {names.length === 0 ? (
        <p className="muted">This flow has no voicemail node, and no mailbox holds messages.</p>
      ) : null}
      {names.length > 0 ? (
        <>
          <label htmlFor="inbox-mailbox">Mailbox</label>{" "}
          <select id="inbox-mailbox" value={mailbox} onChange={(e) => setMailbox(e.target.value)}>
            {!mailbox ? <option value="">Choose…</option> : null}
            {names.map((m) => (
              <option key={m} value={m}>
                {m}
                {unheard(m) ? ` (${unheard(m)} new)` : ""}
              </option>
            ))}
          </select>
        </>
      ) : null}
      {messages && messages.length === 0 ? <p className="muted">No messages in {mailbox}.</p> : null}
      <ul className="messages" aria-label={`Messages in ${mailbox}`}>
        {(messages ?? []).map((m) => (
          <li key={m.id} className={m.heard ? "heard" : "new"}>
            <div>
              <strong>{partyOf(m.from)}</strong>{" "}
              {m.heard ? null : <span className="badge published">new</span>}
              <br />
              <small>
                {new Date(m.receivedAt).toLocaleString()} · {duration(m.durationSec * 1000)}
              </small>
            </div>
            <div className="row">
              <button
                type="button"
                className="small"
                aria-label={`Play the message from ${partyOf(m.from)}`}
                onClick={() =>
                  void act(async () => {
                    const s = await playBlob(await client.messageAudio(m.mailbox, m.id));
                    if (!m.heard) await client.markMessage(m.mailbox, m.id, true);
                    return `Playing (${s.toFixed(1)} s)`;
                  })
                }
              >
                Play
              </button>
              <button
                type="button"
                className="small"
                aria-label={`Download the message from ${partyOf(m.from)}`}
                onClick={() =>
                  void act(async () => {
                    const url = URL.createObjectURL(await client.messageAudio(m.mailbox, m.id));
                    const a = document.createElement("a");
                    a.href = url;
                    a.download = `${m.mailbox}-${m.id}.wav`;
                    a.click();
                    setTimeout(() => URL.revokeObjectURL(url), 1000);
                    return null;
                  })
                }
              >
                Download
              </button>
              {m.heard ? (
                <button
                  type="button"
                  className="small ghost"
                  onClick={() =>
                    void act(async () => {
                      await client.markMessage(m.mailbox, m.id, false);
                      return null;
                    })
                  }
                >
                  Mark new
                </button>
              ) : null}
              <button
                type="button"
                className="small ghost"
                aria-label={`Delete the message from ${partyOf(m.from)}`}
                onClick={() =>
                  void act(async () => {
                    await client.deleteMessage(m.mailbox, m.id);
                    return "Deleted.";
                  })
                }
              >
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>
      {status ? (
        <p className="hint" role="status">
          {status}
        </p>
      ) : null}
    </div>
  );
}
