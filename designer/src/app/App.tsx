// The designer's frame: toolbar, palette, canvas, and the side panels.
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ApiClient } from "../api/client.js";
import { CallsPanel } from "../calls/CallsPanel.js";
import { LadderDrawer } from "../calls/LadderDrawer.js";
import { SimPanel } from "../sim/SimPanel.js";
import { Canvas } from "./Canvas.js";
import { ConflictDialog } from "./ConflictDialog.js";
import { InspectorPanel } from "./InspectorPanel.js";
import { Palette } from "./Palette.js";
import { ProblemsPanel } from "./ProblemsPanel.js";
import { PublishDialog } from "./PublishDialog.js";
import {
  ClientContext,
  type Conflict,
  describeError,
  docToFlow,
  loadFlow,
  publish,
  saveDraft,
} from "./remote.js";
import { SettingsPanel } from "./SettingsPanel.js";
import { isTyping, shortcutFor } from "./shortcuts.js";
import { errorCount, type PanelId, useDesigner } from "./store.js";
import { Toolbar } from "./Toolbar.js";
import { VersionsPanel } from "./VersionsPanel.js";

const PANELS: { id: PanelId; label: string }[] = [
  { id: "inspect", label: "Inspect" },
  { id: "problems", label: "Problems" },
  { id: "simulate", label: "Simulate" },
  { id: "versions", label: "Publish" },
  { id: "calls", label: "Calls" },
  { id: "settings", label: "Settings" },
];

function Shell(props: { initialFlowId?: string | undefined }) {
  const panel = useDesigner((s) => s.panel);
  const issues = useDesigner((s) => s.issues);
  const notice = useDesigner((s) => s.notice);
  const { setPanel, notify } = useDesigner.getState();
  const [client, setClient] = useState<ApiClient>(() => initialClient);
  const ctx = useMemo(() => ({ client, setClient }), [client]);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [publishing, setPublishing] = useState(false);
  const rf = useReactFlow();

  const [initialFlowId] = useState(props.initialFlowId);
  useEffect(() => {
    if (initialFlowId) {
      loadFlow(initialClient, initialFlowId).catch((e) => notify({ kind: "error", text: describeError(e) }));
    }
  }, [initialFlowId, notify]);

  useEffect(() => {
    if (!notice || notice.kind === "error") return;
    const t = setTimeout(() => useDesigner.getState().notify(null), 4000);
    return () => clearTimeout(t);
  }, [notice]);

  const guard = useCallback(
    async (f: () => Promise<void>) => {
      setBusy(true);
      try {
        await f();
      } catch (e) {
        notify({ kind: "error", text: describeError(e) });
      } finally {
        setBusy(false);
      }
    },
    [notify],
  );
  const save = useCallback(() => guard(async () => setConflict(await saveDraft(client))), [client, guard]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const a = shortcutFor(e);
      if (!a) return;
      const s = useDesigner.getState();
      e.preventDefault();
      if (a === "undo") s.undo();
      else if (a === "redo") s.redo();
      else if (a === "copy") s.copySelection();
      else if (a === "paste") s.paste();
      else if (a === "cut") {
        s.copySelection();
        s.apply({ type: "delete", ids: s.selected });
      } else if (a === "duplicate") {
        s.copySelection();
        s.paste();
      } else if (a === "save") void save();
      else if (a === "fit") void rf.fitView({ padding: 0.2, duration: 200 });
      else if (a === "selectAll") s.select(Object.keys(s.flow.nodes));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rf, save]);

  const errors = errorCount(issues);
  return (
    <ClientContext.Provider value={ctx}>
      <div className="app">
        <Toolbar
          onSave={() => void save()}
          onPublish={() => setPublishing(true)}
          busy={busy}
          connected={client.configured}
        />
        <Palette />
        <main className="canvas-pane">
          <Canvas />
          <LadderDrawer />
        </main>
        <aside className="side" aria-label="Panels">
          <div role="tablist" aria-label="Panels" className="tabs">
            {PANELS.map((p) => (
              <button
                key={p.id}
                type="button"
                role="tab"
                id={`tab-${p.id}`}
                aria-selected={panel === p.id}
                aria-controls="side-panel"
                onClick={() => setPanel(p.id)}
              >
                {p.label}
                {p.id === "problems" && issues.length ? (
                  <span className={`count${errors ? " bad" : ""}`}>{issues.length}</span>
                ) : null}
              </button>
            ))}
          </div>
          <section id="side-panel" role="tabpanel" aria-labelledby={`tab-${panel}`} className="panel">
            {panel === "inspect" ? <InspectorPanel /> : null}
            {panel === "problems" ? <ProblemsPanel /> : null}
            {panel === "simulate" ? <SimPanel /> : null}
            {panel === "versions" ? <VersionsPanel /> : null}
            {panel === "calls" ? <CallsPanel /> : null}
            {panel === "settings" ? <SettingsPanel /> : null}
          </section>
        </aside>
        {notice ? (
          <div className={`notice ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>
            <span>{notice.text}</span>
            <button type="button" className="small ghost" aria-label="Dismiss" onClick={() => notify(null)}>
              ✕
            </button>
          </div>
        ) : null}
        {conflict ? (
          <ConflictDialog
            conflict={conflict}
            onCancel={() => setConflict(null)}
            onReload={() => {
              const theirs = conflict.theirs;
              const flow = docToFlow(theirs.doc);
              useDesigner
                .getState()
                .load(flow, { ...useDesigner.getState().remote, revision: theirs.revision, saved: flow });
              setConflict(null);
            }}
            onOverwrite={() => {
              const rev = conflict.theirs.revision;
              setConflict(null);
              void guard(async () => setConflict(await saveDraft(client, { overwriteRevision: rev })));
            }}
          />
        ) : null}
        {publishing ? (
          <PublishDialog
            onCancel={() => setPublishing(false)}
            onPublish={(message) => {
              setPublishing(false);
              void guard(async () => {
                await publish(client, message);
                setPanel("versions");
              });
            }}
          />
        ) : null}
      </div>
    </ClientContext.Provider>
  );
}

let initialClient: ApiClient;

export function App(props: { client: ApiClient; initialFlowId?: string | undefined }) {
  initialClient ??= props.client;
  return (
    <ReactFlowProvider>
      <Shell initialFlowId={props.initialFlowId} />
    </ReactFlowProvider>
  );
}
