// 409 on save: someone saved a newer revision. Show what differs between theirs and mine, then
// reload theirs (dropping mine) or overwrite with mine (saving over their revision).
import { useEffect, useRef } from "react";
import { diffFlows } from "../core/diff.js";
import { type Conflict, docToFlow } from "./remote.js";
import { useDesigner } from "./store.js";

export function ConflictDialog(props: {
  conflict: Conflict;
  onReload(): void;
  onOverwrite(): void;
  onCancel(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const mine = useDesigner((s) => s.flow);
  const theirs = docToFlow(props.conflict.theirs.doc);
  const changes = diffFlows(theirs, mine);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="conflict-title" onCancel={props.onCancel}>
      <h2 id="conflict-title">Someone else saved this flow</h2>
      <p>
        Revision {props.conflict.theirs.revision} was saved on{" "}
        {new Date(props.conflict.theirs.updatedAt).toLocaleString()} while you were editing. Your version
        differs from theirs in:
      </p>
      <ul className="diff" aria-label="What your version changes">
        {changes.length === 0 ? <li>Nothing: both versions are the same.</li> : null}
        {changes.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a static list
          <li key={i} className={c.kind}>
            {c.detail}
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={props.onReload}>
          Reload theirs (drop my changes)
        </button>
        <button type="button" className="danger" onClick={props.onOverwrite}>
          Overwrite with mine
        </button>
        <button type="button" className="ghost" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
