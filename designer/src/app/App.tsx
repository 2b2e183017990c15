// The designer's frame: the flows home, or the editor (toolbar, palette, canvas, side panels) on a
// draft, a published version or a call. The URL says which (nav/route.ts).
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ApiClient } from "../api/client.js";
import { CallsPanel } from "../calls/CallsPanel.js";
import { InboxPanel } from "../calls/InboxPanel.js";
import { LadderDrawer } from "../calls/LadderDrawer.js";
import { openCall } from "../calls/openCall.js";
import { emptyFlow } from "../core/edits.js";
import { Home } from "../home/Home.js";
import { startNav, useNav } from "../nav/nav.js";
import { NEW_FLOW, type Route, routeFlow } from "../nav/route.js";
import { SimPanel } from "../sim/SimPanel.js";
import { AutosaveBanner } from "./AutosaveBanner.js";
import { clearAutosave, setAutosaveScope, startAutosave, useAutosaveOffer } from "./autosave.js";
import { Canvas } from "./Canvas.js";
import { ConflictDialog } from "./ConflictDialog.js";
import { InspectorPanel } from "./InspectorPanel.js";
import { LeaveDialog } from "./LeaveDialog.js";
import { Palette } from "./Palette.js";
import { ProblemsPanel } from "./ProblemsPanel.js";
import { PublishDialog } from "./PublishDialog.js";
import {
  ClientContext,
  type Conflict,
  describeError,
  docToFlow,
  loadFlow,
  loadVersion,
  newFlow,
  publish,
  saveDraft,
  useClient,
} from "./remote.js";
import { SettingsPanel } from "./SettingsPanel.js";
import { isTyping, regionFor, shortcutFor } from "./shortcuts.js";
import { errorCount, isDirty, type PanelId, useDesigner } from "./store.js";
import { Toolbar } from "./Toolbar.js";
import { VersionsPanel } from "./VersionsPanel.js";

const PANELS: { id: PanelId; label: string }[] = [
  { id: "inspect", label: "Inspect" },
  { id: "problems", label: "Problems" },
  { id: "simulate", label: "Simulate" },
  { id: "versions", label: "Publish" },
  { id: "calls", label: "Calls" },
  { id: "voicemail", label: "Voicemail" },
  { id: "settings", label: "Settings" },
];

/** Would moving to `target` drop unsaved changes? Not when it shows the same draft (a call of it). */
function wouldLose(target: Route, flowId: string | undefined): boolean {
  const s = useDesigner.getState();
  if (!isDirty(s) || useNav.getState().route.name === "home") return false;
  const current = s.remote.flowId ?? NEW_FLOW;
  const targetFlow = routeFlow(target) ?? flowId;
  return !((target.name === "flow" || target.name === "call") && targetFlow === current);
}

/** Leaving without saving: forget the kept draft and the edits. */
function discard() {
  clearAutosave(useDesigner.getState().remote.flowId);
  useAutosaveOffer.setState({ offer: null });
  useDesigner.getState().load(emptyFlow(), {});
}

/** Brings the store to what the route shows (loading only what is not there already). */
async function enter(route: Route, client: ApiClient, fit: (nodes?: { id: string }[]) => void) {
  const s = useDesigner.getState();
  const r = s.remote;
  if (route.name === "flow") {
    if (route.flowId === NEW_FLOW) {
      if (r.flowId !== undefined || r.viewing !== undefined) newFlow();
    } else if (r.flowId !== route.flowId || r.viewing !== undefined) {
      await loadFlow(client, route.flowId);
    } else return;
    fit();
  } else if (route.name === "version") {
    if (r.flowId === route.flowId && r.viewing === route.version) return;
    await loadVersion(client, route.flowId, route.version);
    fit();
  } else if (route.name === "call") {
    await openCall(client, route.callId, fit);
  }
}

const inApp = (el: Element | null) => el instanceof HTMLElement;

function Editor({ route }: { route: Route }) {
  const panel = useDesigner((s) => s.panel);
  const issues = useDesigner((s) => s.issues);
  const notice = useDesigner((s) => s.notice);
  const pending = useNav((s) => s.pending);
  const { setPanel, notify } = useDesigner.getState();
  const { client } = useClient();
  const [busy, setBusy] = useState(false);
  // Below 900 px the side panel floats over the canvas; it can be folded away (and comes back
  // when something asks for a panel, such as a click on a node opening Inspect).
  const [sideOpen, setSideOpen] = useState(true);
  const panelAsks = useDesigner((s) => s.panelAsks);
  // biome-ignore lint/correctness/useExhaustiveDependencies: unfold on every ask for a panel
  useEffect(() => setSideOpen(true), [panel, panelAsks]);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [publishing, setPublishing] = useState(false);
  const rf = useReactFlow();
  const rfRef = useRef(rf);
  rfRef.current = rf;

  const fit = useCallback((nodes?: { id: string }[]) => {
    // After React Flow has the new nodes (next frame).
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const large = Object.keys(useDesigner.getState().flow.nodes).length > 150;
        if (nodes)
          void rfRef.current.fitView({
            nodes,
            padding: { top: "30px", left: "30px", right: "30px", bottom: "46%" },
            maxZoom: 1,
            duration: 200,
          });
        else if (!large) void rfRef.current.fitView({ padding: 0.15, maxZoom: 1.1 });
      }),
    );
  }, []);

  useEffect(() => {
    enter(route, client, fit).catch((e) => notify({ kind: "error", text: describeError(e) }));
  }, [route, client, fit, notify]);

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
        return true;
      } catch (e) {
        notify({ kind: "error", text: describeError(e) });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [notify],
  );
  /** Save; a first save of a new flow moves the URL to the flow's id. */
  const save = useCallback(async () => {
    if (!client.configured || useDesigner.getState().remote.viewing !== undefined) return false;
    let clean = false;
    await guard(async () => {
      const c = await saveDraft(client);
      setConflict(c);
      clean = c === null;
      const id = useDesigner.getState().remote.flowId;
      const r = useNav.getState().route;
      if (clean && id && r.name === "flow" && r.flowId === NEW_FLOW)
        useNav.getState().go({ name: "flow", flowId: id }, { replace: true });
    });
    return clean;
  }, [client, guard]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = shortcutFor(e);
      // Save works everywhere, in fields too; region jumps likewise.
      if (a === "save") {
        e.preventDefault();
        void save();
        return;
      }
      const region = regionFor(e);
      if (region) {
        e.preventDefault();
        const el =
          region === "canvas"
            ? document.querySelector<HTMLElement>(
                ".react-flow__node.selected, .react-flow__node, .react-flow__pane",
              )
            : region === "palette"
              ? document.querySelector<HTMLElement>(".palette button")
              : document.querySelector<HTMLElement>(
                  "#side-panel input, #side-panel select, #side-panel textarea, #side-panel button, [role=tab][aria-selected=true]",
                );
        if (inApp(el)) el?.focus();
        return;
      }
      if (isTyping(e.target) || !a) return;
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
      } else if (a === "fit") void rf.fitView({ padding: 0.15, duration: 200 });
      else if (a === "selectAll") s.select(Object.keys(s.flow.nodes));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rf, save]);

  const errors = errorCount(issues);
  return (
    <div className="app">
      <Toolbar
        onSave={() => void save()}
        onPublish={() => setPublishing(true)}
        busy={busy}
        connected={client.configured}
      />
      <Palette />
      <main className="canvas-pane">
        <AutosaveBanner />
        <Canvas />
        <LadderDrawer />
      </main>
      <button
        type="button"
        className="side-toggle"
        aria-expanded={sideOpen}
        aria-controls="side-panels"
        onClick={() => setSideOpen((o) => !o)}
      >
        {sideOpen ? "Hide panels" : "Show panels"}
      </button>
      <aside id="side-panels" className={`side${sideOpen ? "" : " folded"}`} aria-label="Panels">
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
          {panel === "voicemail" ? <InboxPanel /> : null}
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
      {pending ? <LeaveDialog onSaveAndLeave={save} /> : null}
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
          onKeepBoth={(merged) => {
            // Theirs becomes what was read (its revision, the saved document); the merge is the
            // edit on top of it, saved at once.
            const theirs = conflict.theirs;
            useDesigner.getState().load(merged, {
              ...useDesigner.getState().remote,
              revision: theirs.revision,
              saved: docToFlow(theirs.doc),
            });
            setConflict(null);
            void save();
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
  );
}

function Shell({ initialClient }: { initialClient: ApiClient }) {
  const route = useNav((s) => s.route);
  const [client, setClient] = useState<ApiClient>(initialClient);
  const ctx = useMemo(() => ({ client, setClient }), [client]);
  useEffect(() => setAutosaveScope(client.config.baseUrl), [client]);
  useEffect(() => startAutosave(), []);
  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (!isDirty(useDesigner.getState())) return;
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", onUnload);
    return () => window.removeEventListener("beforeunload", onUnload);
  }, []);
  return (
    <ClientContext.Provider value={ctx}>
      {route.name === "home" ? <Home /> : <Editor route={route} />}
    </ClientContext.Provider>
  );
}

export function App(props: { client: ApiClient; base?: string; initialRoute?: Route | undefined }) {
  useState(() => {
    setAutosaveScope(props.client.config.baseUrl);
    return startNav({ base: props.base ?? "/", wouldLose, onDiscard: discard }, props.initialRoute);
  });
  return (
    <ReactFlowProvider>
      <Shell initialClient={props.client} />
    </ReactFlowProvider>
  );
}
