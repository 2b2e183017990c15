// The top bar: flow name, save state, undo/redo, layout, save, publish.
import { useReactFlow } from "@xyflow/react";
import { autoLayout } from "./layout.js";
import { errorCount, useDesigner } from "./store.js";

export function Toolbar(props: { onSave(): void; onPublish(): void; busy: boolean; connected: boolean }) {
  const flow = useDesigner((s) => s.flow);
  const issues = useDesigner((s) => s.issues);
  const history = useDesigner((s) => s.history);
  const remote = useDesigner((s) => s.remote);
  const { apply, undo, redo, setPanel, notify } = useDesigner.getState();
  const rf = useReactFlow();
  const errors = errorCount(issues);
  const warnings = issues.length - errors;
  const dirty = remote.saved !== flow;
  const status = remote.flowId
    ? `${remote.flowId} · rev ${remote.revision ?? "?"}${dirty ? " · unsaved changes" : " · saved"}${remote.published ? ` · v${remote.published} live` : ""}`
    : "not saved yet";
  const publishBlocked =
    errors > 0
      ? `Fix ${errors} problem${errors === 1 ? "" : "s"} before publishing`
      : !props.connected
        ? "Set the API address in Settings"
        : "";
  return (
    <header className="topbar">
      <span className="brand" aria-hidden="true">
        ☎ Ringflow
      </span>
      <label htmlFor="flow-name" className="sr-only">
        Flow name
      </label>
      <input
        id="flow-name"
        className="flow-name"
        value={flow.name}
        onChange={(e) => apply({ type: "meta", name: e.target.value }, "name")}
      />
      <span className="status" role="status" aria-live="polite">
        {status}
      </span>
      <button
        type="button"
        className={`problems-count ${errors ? "bad" : warnings ? "warn" : "good"}`}
        onClick={() => setPanel("problems")}
        aria-label={`${errors} errors, ${warnings} warnings: show problems`}
      >
        {errors ? `● ${errors}` : "✓"} {warnings ? `▲ ${warnings}` : ""}
      </button>
      <div className="spacer" />
      <button type="button" onClick={undo} disabled={history.past.length === 0} title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onClick={redo} disabled={history.future.length === 0} title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
      <button
        type="button"
        title="Arrange the nodes top to bottom"
        onClick={async () => {
          try {
            apply({ type: "move", positions: await autoLayout(useDesigner.getState().flow) });
            void rf.fitView({ padding: 0.2, duration: 200 });
          } catch (e) {
            notify({ kind: "error", text: `Layout failed: ${(e as Error).message}` });
          }
        }}
      >
        Auto layout
      </button>
      <button
        type="button"
        onClick={() => void rf.fitView({ padding: 0.2, duration: 200 })}
        title="Zoom to fit (Shift+F)"
      >
        Zoom to fit
      </button>
      <button
        type="button"
        onClick={props.onSave}
        disabled={props.busy || !props.connected}
        title="Save draft (Ctrl+S)"
      >
        Save draft
      </button>
      <button
        type="button"
        className="primary"
        onClick={props.onPublish}
        disabled={props.busy || errors > 0 || !props.connected}
        aria-describedby={publishBlocked ? "publish-blocked" : undefined}
        title={publishBlocked || "Publish a new version"}
      >
        Publish…
      </button>
      {publishBlocked ? (
        <span id="publish-blocked" className="sr-only">
          {publishBlocked}
        </span>
      ) : null}
    </header>
  );
}
