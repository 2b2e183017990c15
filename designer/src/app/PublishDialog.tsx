import { useEffect, useRef, useState } from "react";

export function PublishDialog(props: { onPublish(message: string): void; onCancel(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [message, setMessage] = useState("");
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="publish-title" onCancel={props.onCancel}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          props.onPublish(message.trim() || "Published from the designer");
        }}
      >
        <h2 id="publish-title">Publish a new version</h2>
        <label htmlFor="publish-message">What changed?</label>
        <input
          id="publish-message"
          autoFocus
          value={message}
          placeholder="e.g. Christmas hours"
          onChange={(e) => setMessage(e.target.value)}
        />
        <div className="actions">
          <button type="submit">Publish</button>
          <button type="button" className="ghost" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
