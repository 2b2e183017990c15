// Numbers, versions and rollback: which numbers run this flow and which version each runs, the
// published versions with what each changed, "Roll back to vN" (every number of this flow pinned
// to vN, after a confirmation), and binding a number.
import { useCallback, useEffect, useState } from "react";
import type { FlowDiff, NumberBinding, VersionSummary } from "../api/client.js";
import { diffFlows, type FlowChange } from "../core/diff.js";
import { emptyFlow } from "../core/edits.js";
import { hrefOf, useNav } from "../nav/nav.js";
import { describeError, docToFlow, useClient } from "./remote.js";
import { useDesigner } from "./store.js";

const E164 = /^\+[1-9]\d{1,14}$/;

/** The API's semantic diff in the same words as the designer's own (diffFlows), nodes by label. */
export function apiDiffToChanges(d: FlowDiff, labelOf: (id: string) => string = (id) => id): FlowChange[] {
  return [
    ...d.document.map((f): FlowChange => ({ kind: "flow", detail: `flow ${f} changed` })),
    ...d.added.map((id): FlowChange => ({ kind: "added", node: id, detail: `added ${labelOf(id)}` })),
    ...d.removed.map((id): FlowChange => ({ kind: "removed", node: id, detail: `removed ${labelOf(id)}` })),
    ...d.changed.map(
      (c): FlowChange => ({
        kind: "edited",
        node: c.id,
        detail: `${labelOf(c.id)}: ${c.fields.join(", ")} changed`,
      }),
    ),
  ];
}

/** What a number runs, in words: "v2 (latest)", "v1 (pinned)", "the draft (test number)". */
export function runsText(n: Pick<NumberBinding, "version">, latest: number | undefined): string {
  if (n.version === "draft") return "the draft (test number)";
  if (n.version === "latest" || n.version === undefined)
    return latest ? `v${latest} (latest)` : "latest (none yet)";
  return `v${n.version} (pinned)`;
}

export function VersionsPanel() {
  const { client } = useClient();
  const flowId = useDesigner((s) => s.remote.flowId);
  const published = useDesigner((s) => s.remote.published);
  const flow = useDesigner((s) => s.flow);
  const notify = useDesigner((s) => s.notify);
  const go = useNav((s) => s.go);
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [numbers, setNumbers] = useState<NumberBinding[]>([]);
  const [open, setOpen] = useState<{ version: number; changes: FlowChange[] } | null>(null);
  const [rollback, setRollback] = useState<number | null>(null);
  const [number, setNumber] = useState("");
  const [target, setTarget] = useState<string>("latest");
  const [binding, setBinding] = useState<NumberBinding | null>(null);
  const [error, setError] = useState<string | null>(null);
  const labelOf = (id: string) => {
    const n = flow.nodes[id];
    return n?.label ? `${n.label} (${id})` : id;
  };

  const refresh = useCallback(async () => {
    if (!flowId) return;
    try {
      const [vs, ns] = await Promise.all([client.listVersions(flowId), client.listNumbers()]);
      setVersions([...vs].sort((a, b) => b.version - a.version));
      setNumbers(ns);
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, [client, flowId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch when a publish happened
  useEffect(() => {
    void refresh();
  }, [refresh, published]);

  const latest = versions[0]?.version;
  const mine = numbers.filter((n) => n.flowId === flowId);

  const showChanges = async (v: number) => {
    if (!flowId) return;
    try {
      if (v > 1) {
        setOpen({
          version: v,
          changes: apiDiffToChanges(await client.diffVersions(flowId, v - 1, v), labelOf),
        });
      } else {
        const cur = await client.getVersion(flowId, v);
        setOpen({
          version: v,
          changes: diffFlows(emptyFlow(cur.name), docToFlow(cur.doc)).filter((c) => c.kind !== "layout"),
        });
      }
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  };

  const rollBack = async (v: number) => {
    if (!flowId) return;
    try {
      for (const n of mine) await client.bindNumber(n.number, flowId, v);
      notify({
        kind: "info",
        text: `Rolled back: ${mine.map((n) => n.number).join(", ")} now run${mine.length === 1 ? "s" : ""} version ${v}.`,
      });
      setRollback(null);
      await refresh();
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
        text: `${b.number} now runs ${target === "latest" ? "the latest version" : `version ${target}`}.`,
      });
      setError(null);
      await refresh();
    } catch (e) {
      setError(describeError(e));
    }
  };

  if (!flowId)
    return <p className="muted">Save the flow first; its published versions and numbers show here.</p>;
  const validNumber = E164.test(number.trim());
  return (
    <div className="versions">
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <h2>Numbers running this flow</h2>
      {mine.length === 0 ? (
        <p className="muted">No number runs this flow yet: callers cannot reach it.</p>
      ) : (
        <ul className="number-list" aria-label="Numbers running this flow">
          {mine.map((n) => (
            <li key={n.number}>
              <strong>{n.number}</strong> runs {runsText(n, latest)}
              {n.version !== "latest" && n.version !== "draft" && latest ? (
                <button
                  type="button"
                  className="small ghost"
                  onClick={() =>
                    void client
                      .bindNumber(n.number, flowId, "latest")
                      .then(refresh)
                      .catch((e) => setError(describeError(e)))
                  }
                >
                  Follow latest
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h2>Versions</h2>
      {versions.length === 0 ? <p className="muted">Nothing published yet.</p> : null}
      <ol className="version-list" aria-label="Published versions">
        {versions.map((v) => {
          const running = mine.filter(
            (n) => n.version === v.version || ((n.version ?? "latest") === "latest" && v.version === latest),
          );
          return (
            <li key={v.version}>
              <div>
                <strong>v{v.version}</strong> {v.message}{" "}
                <small>
                  {new Date(v.publishedAt).toLocaleString()} by {v.publishedBy}
                </small>
                {running.length > 0 ? (
                  <small className="ok"> · live on {running.map((n) => n.number).join(", ")}</small>
                ) : null}
              </div>
              <div className="row">
                <button type="button" className="small" onClick={() => void showChanges(v.version)}>
                  Changes in v{v.version}
                </button>
                <a
                  className="button small"
                  href={hrefOf({ name: "version", flowId, version: v.version })}
                  onClick={(e) => {
                    e.preventDefault();
                    go({ name: "version", flowId, version: v.version });
                  }}
                >
                  View v{v.version}
                </a>
                {mine.length > 0 && running.length < mine.length ? (
                  <button type="button" className="small" onClick={() => setRollback(v.version)}>
                    Roll back to v{v.version}
                  </button>
                ) : null}
              </div>
              {rollback === v.version ? (
                <fieldset className="confirm plain" aria-label={`Confirm roll back to v${v.version}`}>
                  <p>
                    Point {mine.map((n) => n.number).join(", ")} at version {v.version}? Callers reach it at
                    once; later publishes will not move {mine.length === 1 ? "it" : "them"} until you choose
                    Follow latest.
                  </p>
                  <button type="button" className="small danger" onClick={() => void rollBack(v.version)}>
                    Roll back now
                  </button>
                  <button type="button" className="small ghost" onClick={() => setRollback(null)}>
                    Cancel
                  </button>
                </fieldset>
              ) : null}
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
          );
        })}
      </ol>
      <h2>Bind a phone number</h2>
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
          list="granted-numbers"
          placeholder="+15551234567"
          aria-invalid={(number !== "" && !validNumber) || undefined}
          onChange={(e) => setNumber(e.target.value)}
        />
        <datalist id="granted-numbers">
          {numbers
            .filter((n) => n.flowId !== flowId)
            .map((n) => (
              <option key={n.number} value={n.number}>
                {n.flowId ? `now runs ${n.flowId}` : "not bound"}
              </option>
            ))}
        </datalist>
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
