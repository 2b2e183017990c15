// The first screen: the tenant's flows with their status, the numbers that run each one and the
// version they run, when each was last edited; New, Duplicate, Import and Export (the CLI's file
// format: the flow document, `<id>.flow.json`), Archive.
import type { FlowInput } from "@ringflow/flow";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError } from "../api/client.js";
import { ApiForm } from "../app/ApiForm.js";
import { describeError, docToFlow, newFlow, useClient } from "../app/remote.js";
import { hrefOf, useNav } from "../nav/nav.js";
import { NEW_FLOW } from "../nav/route.js";
import { ago, type FlowRow, flowRows, idFromFile, searchRows } from "./summary.js";

function download(name: string, doc: unknown) {
  const url = URL.createObjectURL(
    new Blob([`${JSON.stringify(doc, null, 2)}\n`], { type: "application/json" }),
  );
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function Home() {
  const { client } = useClient();
  const go = useNav((s) => s.go);
  const [rows, setRows] = useState<FlowRow[] | null>(null);
  const [query, setQuery] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [archiving, setArchiving] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const refresh = useCallback(async () => {
    if (!client.configured) return;
    try {
      const [flows, numbers] = await Promise.all([client.listFlows(), client.listNumbers()]);
      const versions = Object.fromEntries(
        await Promise.all(
          flows.map(async (f) => [f.id, await client.listVersions(f.id).catch(() => [])] as const),
        ),
      );
      setRows(flowRows(flows, numbers, versions));
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, [client]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const act = async (f: () => Promise<void>) => {
    try {
      await f();
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  };
  const open = (id: string) => go({ name: "flow", flowId: id });
  const duplicate = (r: FlowRow) =>
    act(async () => {
      const d = await client.getFlow(r.id);
      const saved = await client.createFlow({ ...d.doc, name: `Copy of ${d.doc.name}` });
      setNotice(`Duplicated ${r.name} as ${saved.id}.`);
      open(saved.id);
    });
  const exportFlow = (r: FlowRow) =>
    act(async () => download(`${r.id}.flow.json`, (await client.getFlow(r.id)).doc));
  const archive = (r: FlowRow) =>
    act(async () => {
      await client.deleteFlow(r.id);
      setArchiving(null);
      setNotice(`Archived ${r.name}.`);
      await refresh();
    });
  const importFile = (file: File) =>
    act(async () => {
      let doc: FlowInput;
      try {
        doc = JSON.parse(await file.text()) as FlowInput;
      } catch {
        throw new Error(`${file.name} is not JSON`);
      }
      if (!client.configured) {
        newFlow(docToFlow(doc));
        go({ name: "flow", flowId: NEW_FLOW });
        return;
      }
      const id = idFromFile(file.name);
      const saved = await client
        .createFlow(doc, id || undefined)
        .catch((e) =>
          e instanceof ApiError && e.code === "flow_exists" ? client.createFlow(doc) : Promise.reject(e),
        );
      setNotice(`Imported ${file.name} as ${saved.id}.`);
      open(saved.id);
    });

  const [showArchived, setShowArchived] = useState(false);
  const shown = useMemo(
    () => (rows ? searchRows(rows, query).filter((r) => showArchived || !r.archived) : []),
    [rows, query, showArchived],
  );
  const archivedCount = rows?.filter((r) => r.archived).length ?? 0;
  return (
    <div className="home">
      <header className="topbar">
        <span className="brand">☎ Ringflow</span>
        <h1 className="home-title">Flows</h1>
        <div className="spacer" />
        <button type="button" className="primary" onClick={() => go({ name: "flow", flowId: NEW_FLOW })}>
          New flow
        </button>
        <button type="button" onClick={() => fileRef.current?.click()}>
          Import JSON…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".json,application/json"
          className="sr-only"
          aria-label="Import a flow file"
          tabIndex={-1}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = "";
            if (f) void importFile(f);
          }}
        />
      </header>
      <main className="home-main">
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        {notice ? (
          <p className="ok" role="status">
            {notice}
          </p>
        ) : null}
        {!client.configured ? (
          <section className="home-connect">
            <h2>Connect to the Ringflow API</h2>
            <p className="muted">
              Flows, numbers and calls live on the server. Without it you can still draw and simulate.
            </p>
            <ApiForm />
          </section>
        ) : (
          <>
            <div className="home-tools">
              <label htmlFor="flow-search" className="sr-only">
                Search flows
              </label>
              <input
                id="flow-search"
                type="search"
                placeholder="Search by name, id or number"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
              />
              <button type="button" className="small" onClick={() => void refresh()}>
                Refresh
              </button>
              {archivedCount > 0 ? (
                <label className="check">
                  <input
                    type="checkbox"
                    checked={showArchived}
                    onChange={(e) => setShowArchived(e.target.checked)}
                  />{" "}
                  Show archived ({archivedCount})
                </label>
              ) : null}
            </div>
            {rows === null && !error ? <p className="muted">Loading flows…</p> : null}
            {rows !== null && rows.length === 0 ? (
              <p className="muted">No flows yet: start one with New flow, or import a .flow.json file.</p>
            ) : null}
            {shown.length > 0 ? (
              <table className="flow-table" aria-label="Flows">
                <thead>
                  <tr>
                    <th scope="col">Flow</th>
                    <th scope="col">Status</th>
                    <th scope="col">Numbers</th>
                    <th scope="col">Last edited</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <a
                          href={hrefOf({ name: "flow", flowId: r.id })}
                          onClick={(e) => {
                            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
                            e.preventDefault();
                            open(r.id);
                          }}
                        >
                          {r.name}
                        </a>{" "}
                        <code className="muted">{r.id}</code>
                      </td>
                      <td>
                        {r.archived ? <span className="badge draft">archived · </span> : null}
                        <span className={`badge ${r.status}`}>
                          {r.status === "errors"
                            ? `${r.errors} error${r.errors === 1 ? "" : "s"}`
                            : r.status === "published"
                              ? `published v${r.latest}`
                              : "draft"}
                        </span>
                        {r.status === "errors" && r.latest ? <small> (v{r.latest} live)</small> : null}
                      </td>
                      <td>
                        {r.numbers.length === 0 ? <span className="muted">none</span> : null}
                        <ul className="numbers">
                          {r.numbers.map((n) => (
                            <li key={n.number}>
                              {n.number}{" "}
                              <small>
                                {n.version === "latest"
                                  ? `latest (v${n.runs ?? "?"})`
                                  : n.version === "draft"
                                    ? "test number (draft)"
                                    : `pinned v${n.version}`}
                              </small>
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td title={new Date(r.updatedAt).toLocaleString()}>
                        {ago(r.updatedAt)}
                        {r.updatedBy ? <span className="muted"> by {r.updatedBy}</span> : null}
                      </td>
                      <td className="row-actions">
                        {archiving === r.id ? (
                          <>
                            <span>Archive {r.name}?</span>
                            <button type="button" className="small danger" onClick={() => void archive(r)}>
                              Archive
                            </button>
                            <button type="button" className="small ghost" onClick={() => setArchiving(null)}>
                              Cancel
                            </button>
                          </>
                        ) : (
                          <>
                            <button
                              type="button"
                              className="small"
                              onClick={() => void duplicate(r)}
                              aria-label={`Duplicate ${r.name}`}
                            >
                              Duplicate
                            </button>
                            <button
                              type="button"
                              className="small"
                              onClick={() => void exportFlow(r)}
                              aria-label={`Export ${r.name}`}
                            >
                              Export
                            </button>
                            <button
                              type="button"
                              className="small ghost"
                              onClick={() => setArchiving(r.id)}
                              aria-label={`Archive ${r.name}`}
                              disabled={r.numbers.length > 0 || r.archived}
                              title={r.numbers.length > 0 ? "Release its numbers first" : "Archive this flow"}
                            >
                              Archive…
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </>
        )}
      </main>
    </div>
  );
}
