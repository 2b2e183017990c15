// Asked before a move would drop unsaved changes (another flow, home, back/forward).
import { useEffect, useRef } from "react";
import { useNav } from "../nav/nav.js";

export function LeaveDialog(props: { onSaveAndLeave(): Promise<boolean> }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { leave, stay } = useNav.getState();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="leave-title" onCancel={stay}>
      <h2 id="leave-title">Unsaved changes</h2>
      <p>This flow has changes that are not saved. What should happen to them?</p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={async () => {
            if (await props.onSaveAndLeave()) leave();
            else stay();
          }}
        >
          Save and leave
        </button>
        <button type="button" className="danger" onClick={leave}>
          Leave without saving
        </button>
        <button type="button" className="ghost" onClick={stay}>
          Stay
        </button>
      </div>
    </dialog>
  );
}
