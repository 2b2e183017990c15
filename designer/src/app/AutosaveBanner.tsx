// Offers back what this browser kept of the open flow (a crash, a closed tab, a reload).
import { discardAutosave, restoreAutosave, useAutosaveOffer } from "./autosave.js";

export function AutosaveBanner() {
  const offer = useAutosaveOffer((s) => s.offer);
  if (!offer) return null;
  return (
    <div className="banner" role="alert" aria-label="Unsaved changes kept in this browser">
      <span>Unsaved changes from {new Date(offer.at).toLocaleString()} were kept in this browser.</span>
      <button type="button" className="small primary" onClick={restoreAutosave}>
        Restore them
      </button>
      <button type="button" className="small ghost" onClick={discardAutosave}>
        Discard
      </button>
    </div>
  );
}
