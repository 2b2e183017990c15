// The top bar: flow name, save state, undo/redo, layout, save, publish.
import { useReactFlow } from "@xyflow/react";
import { hrefOf, useNav } from "../nav/nav.js";
import { autoLayout } from "./layout.js";
import { errorCount, isDirty, useDesigner } from "./store.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function Toolbar(props: { onSave(): void; onPublish(): void; busy: boolean; connected: boolean }) {
  const flow = useDesigner((s) => s.flow);
  const issues = useDesigner((s) => s.issues);
  const history = useDesigner((s) => s.history);
  const remote = useDesigner((s) => s.remote);
  const { apply, undo, redo, setPanel, notify } = useDesigner.getState();
  const rf = useReactFlow();
  const errors = errorCount(issues);
  const warnings = issues.length - errors;
  const go = useNav((s) => s.go);
  const dirty = isDirty({ flow, remote });
  const status =
    remote.viewing !== undefined
      ? `${remote.flowId} · version ${remote.viewing} (read-only)`
      : remote.flowId
        ? `${remote.flowId} · rev ${remote.revision ?? "?"}${dirty ? " · unsaved changes" : " · saved"}${remote.published ? ` · published v${remote.published}` : " · never published"}`
        : dirty
          ? "new flow · unsaved changes"
          : "new flow · not saved yet";
  const publishBlocked =
    errors > 0
      ? `Fix ${errors} problem${errors === 1 ? "" : "s"} before publishing`
      : !props.connected
        ? "Set the API address in Settings"
        : "";
  return (
    <header className="topbar">
      <a
        className="brand"
        href={hrefOf({ name: "home" })}
        onClick={(e) => {
          e.preventDefault();
          go({ name: "home" });
        }}
      >
        ☎ Flows
      </a>
      <label htmlFor="flow-name" className="sr-only">
        Flow name
      </label>
      <input
        id="flow-name"
        className="flow-name"
        value={flow.name}
        readOnly={remote.viewing !== undefined}
        onChange={(e) => apply({ type: "meta", name: e.target.value }, "name")}
      />
      <span className="status" role="status" aria-live="polite">
        {status}
      </span>
      <button
        type="button"
        className={`problems-count ${errors ? "bad" : warnings ? "warn" : "good"}`}
        onClick={() => setPanel("problems")}
        aria-label={`${plural(errors, "error")}, ${plural(warnings, "warning")}: show problems`}
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
      {remote.viewing !== undefined && remote.flowId ? (
        <button type="button" onClick={() => go({ name: "flow", flowId: remote.flowId as string })}>
          Open the draft
        </button>
      ) : null}
      <button
        type="button"
        onClick={props.onSave}
        disabled={props.busy || !props.connected || remote.viewing !== undefined}
        title="Save draft (Ctrl+S)"
      >
        Save draft
      </button>
      <button
        type="button"
        className="primary"
        onClick={props.onPublish}
        disabled={props.busy || errors > 0 || !props.connected || remote.viewing !== undefined}
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
