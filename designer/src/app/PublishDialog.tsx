// Publishing: what the new version changes against the live one (labels, defaults hidden, layout
// moves left out), which numbers switch to it at once, and a message for the history.
import { useEffect, useRef, useState } from "react";
import { diffFlows, type FlowChange } from "../core/diff.js";
import { emptyFlow } from "../core/edits.js";
import { docToFlow, useClient } from "./remote.js";
import { useDesigner } from "./store.js";

interface Preview {
  latest?: number | undefined;
  changes: FlowChange[];
  switching: string[];
}

export function PublishDialog(props: { onPublish(message: string): void; onCancel(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { client } = useClient();
  const [message, setMessage] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  useEffect(() => {
    const { flow, remote } = useDesigner.getState();
    const flowId = remote.flowId;
    const load = async (): Promise<Preview> => {
      if (!flowId || !client.configured)
        return { changes: diffFlows(emptyFlow(flow.name), flow), switching: [] };
      const [versions, numbers] = await Promise.all([client.listVersions(flowId), client.listNumbers()]);
      const latest = versions.reduce((m, v) => Math.max(m, v.version), 0) || undefined;
      const before = latest ? docToFlow((await client.getVersion(flowId, latest)).doc) : emptyFlow(flow.name);
      return {
        latest,
        changes: diffFlows(before, flow),
        switching: numbers
          .filter((n) => n.flowId === flowId && (n.version ?? "latest") === "latest")
          .map((n) => n.number),
      };
    };
    load()
      .then(setPreview)
      .catch(() => setPreview({ changes: [], switching: [] }));
  }, [client]);
  const changes = preview?.changes.filter((c) => c.kind !== "layout") ?? [];
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="publish-title" onCancel={props.onCancel}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          props.onPublish(message.trim() || "Published from the designer");
        }}
      >
        <h2 id="publish-title">Publish a new version</h2>
        {preview === null ? <p className="muted">Comparing with the live version…</p> : null}
        {preview ? (
          <>
            <h3>{preview.latest ? `Changes since v${preview.latest}` : "The first version"}</h3>
            <ul className="diff" aria-label="What this version changes">
              {changes.length === 0 ? <li>No changes to routing.</li> : null}
              {changes.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a static list
                <li key={i} className={c.kind}>
                  {c.detail}
                </li>
              ))}
            </ul>
            <p role="note" aria-label="Numbers that switch">
              {preview.switching.length > 0
                ? `${preview.switching.join(", ")} ${preview.switching.length === 1 ? "switches" : "switch"} to the new version as soon as you publish.`
                : "No number follows the latest version of this flow: publishing changes no live calls."}
            </p>
          </>
        ) : null}
        <label htmlFor="publish-message">What changed?</label>
        <input
          id="publish-message"
          autoFocus
          value={message}
          placeholder="e.g. Christmas hours"
          onChange={(e) => setMessage(e.target.value)}
        />
        <div className="actions">
          <button type="submit">Publish</button>
          <button type="button" className="ghost" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
