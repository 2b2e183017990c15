// 409 on save: someone saved a newer revision. Show whose change is whose (mine and theirs, each
// against the draft as I last read it), name the parts both changed, and offer to keep both when
// the edits do not touch (a three-way merge); otherwise reload theirs or overwrite with mine.
import type { Flow } from "@ringflow/flow";
import { useEffect, useMemo, useRef } from "react";
import { diffFlows, type FlowChange } from "../core/diff.js";
import { mergeFlows } from "../core/merge.js";
import { type Conflict, docToFlow } from "./remote.js";
import { useDesigner } from "./store.js";
import { whoWords } from "./who.js";

function Changes(props: { label: string; changes: FlowChange[] }) {
  return (
    <ul className="diff" aria-label={props.label}>
      {props.changes.length === 0 ? <li>No changes.</li> : null}
      {props.changes.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a static list
        <li key={i} className={c.kind}>
          {c.detail}
        </li>
      ))}
    </ul>
  );
}

export function ConflictDialog(props: {
  conflict: Conflict;
  onReload(): void;
  onOverwrite(): void;
  onKeepBoth(merged: Flow): void;
  onCancel(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const mine = useDesigner((s) => s.flow);
  const { theirs: draft, base } = props.conflict;
  const view = useMemo(() => {
    const theirs = docToFlow(draft.doc);
    if (!base) return { theirs, mineChanges: diffFlows(theirs, mine), theirChanges: [], merge: undefined };
    return {
      theirs,
      mineChanges: diffFlows(base, mine),
      theirChanges: diffFlows(base, theirs),
      merge: mergeFlows(base, mine, theirs),
    };
  }, [draft, base, mine]);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const by = whoWords(draft.updatedBy);
  const who = by ? ` by ${by}` : "";
  const merge = view.merge;
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="conflict-title" onCancel={props.onCancel}>
      <h2 id="conflict-title">Someone else saved this flow</h2>
      <p>
        Revision {draft.revision} was saved{who} on {new Date(draft.updatedAt).toLocaleString()} while you
        were editing.
      </p>
      <h3>Your changes</h3>
      <Changes label="Your changes" changes={view.mineChanges} />
      {base ? (
        <>
          <h3>
            Their changes (revision {draft.revision}
            {who})
          </h3>
          <Changes label="Their changes" changes={view.theirChanges} />
        </>
      ) : null}
      {merge && merge.conflicts.length > 0 ? (
        <>
          <h3>Changed by both</h3>
          <ul className="diff" aria-label="Changed by both">
            {merge.conflicts.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a static list
              <li key={i} className="removed">
                <strong>{c.part}</strong>: {c.detail}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {merge && merge.conflicts.length === 0 ? (
        <p className="ok">Your changes and theirs do not touch: both can be kept.</p>
      ) : null}
      <div className="actions">
        {merge && merge.conflicts.length === 0 ? (
          <button type="button" onClick={() => props.onKeepBoth(merge.merged)}>
            Keep both
          </button>
        ) : null}
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
