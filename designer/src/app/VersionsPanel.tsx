// Published versions with what each changed, and binding a phone number to a version or to
// "latest" (rollback = point the number back at an older version).
import { useCallback, useEffect, useState } from "react";
import type { FlowDiff, NumberBinding, VersionSummary } from "../api/client.js";
import { diffFlows, type FlowChange } from "../core/diff.js";
import { emptyFlow } from "../core/edits.js";
import { describeError, docToFlow, useClient } from "./remote.js";
import { useDesigner } from "./store.js";

const E164 = /^\+[1-9]\d{1,14}$/;

/** The API's semantic diff in the same words as the designer's own (diffFlows). */
export function apiDiffToChanges(d: FlowDiff): FlowChange[] {
  return [
    ...d.document.map((f): FlowChange => ({ kind: "flow", detail: `flow ${f} changed` })),
    ...d.added.map((id): FlowChange => ({ kind: "added", node: id, detail: `added ${id}` })),
    ...d.removed.map((id): FlowChange => ({ kind: "removed", node: id, detail: `removed ${id}` })),
    ...d.changed.map(
      (c): FlowChange => ({ kind: "edited", node: c.id, detail: `${c.id}: ${c.fields.join(", ")} changed` }),
    ),
  ];
}

export function VersionsPanel() {
  const { client } = useClient();
  const flowId = useDesigner((s) => s.remote.flowId);
  const published = useDesigner((s) => s.remote.published);
  const notify = useDesigner((s) => s.notify);
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [open, setOpen] = useState<{ version: number; changes: FlowChange[] } | null>(null);
  const [number, setNumber] = useState("");
  const [target, setTarget] = useState<string>("latest");
  const [binding, setBinding] = useState<NumberBinding | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    if (!flowId) return;
    try {
      const vs = await client.listVersions(flowId);
      setVersions([...vs].sort((a, b) => b.version - a.version));
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, [client, flowId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch when a publish happened
  useEffect(() => {
    void refresh();
  }, [refresh, published]);

  const showChanges = async (v: number) => {
    if (!flowId) return;
    try {
      if (v > 1) {
        setOpen({ version: v, changes: apiDiffToChanges(await client.diffVersions(flowId, v - 1, v)) });
      } else {
        const cur = await client.getVersion(flowId, v);
        setOpen({ version: v, changes: diffFlows(emptyFlow(cur.name), docToFlow(cur.doc)) });
      }
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  };

  const bind = async () => {
    if (!flowId) return;
    try {
      const b = await client.bindNumber(
        number.trim(),
        flowId,
        target === "latest" ? "latest" : Number(target),
      );
      setBinding(b);
      notify({
        kind: "info",
        text: `${b.number ?? number} now runs ${target === "latest" ? "the latest version" : `version ${target}`}.`,
      });
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  };

  if (!flowId)
    return <p className="muted">Save the flow first; its published versions and numbers show here.</p>;
  const validNumber = E164.test(number.trim());
  return (
    <div className="versions">
      <h2>Versions</h2>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {versions.length === 0 ? <p className="muted">Nothing published yet.</p> : null}
      <ol className="version-list" aria-label="Published versions">
        {versions.map((v) => (
          <li key={v.version}>
            <div>
              <strong>v{v.version}</strong> {v.message}{" "}
              <small>{new Date(v.publishedAt).toLocaleString()}</small>
            </div>
            <button type="button" className="small" onClick={() => void showChanges(v.version)}>
              Changes in v{v.version}
            </button>
            {open?.version === v.version ? (
              <ul className="diff" aria-label={`Changes in version ${v.version}`}>
                {open.changes.length === 0 ? <li>No changes to routing.</li> : null}
                {open.changes.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a static list
                  <li key={i} className={c.kind}>
                    {c.detail}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      <h2>Phone number</h2>
      <form
        className="bind"
        onSubmit={(e) => {
          e.preventDefault();
          void bind();
        }}
      >
        <label htmlFor="bind-number">Number (E.164)</label>
        <input
          id="bind-number"
          value={number}
          placeholder="+15551234567"
          aria-invalid={(number !== "" && !validNumber) || undefined}
          onChange={(e) => setNumber(e.target.value)}
        />
        <label htmlFor="bind-version">Runs</label>
        <select id="bind-version" value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="latest">Latest published version</option>
          {versions.map((v) => (
            <option key={v.version} value={String(v.version)}>
              Version {v.version} only
            </option>
          ))}
        </select>
        <button type="submit" disabled={!validNumber || versions.length === 0}>
          Bind number
        </button>
      </form>
      {binding ? (
        <p className="ok" role="status">
          {binding.number} → {binding.flowId}{" "}
          {binding.version === "latest" ? "(latest)" : `v${binding.version}`}
        </p>
      ) : null}
    </div>
  );
}
