// The tenant's prompt library: upload WAV files (stored as 8 kHz mono, as callers hear them),
// play and remove them. Flows choose from it in any prompt's "Audio file".
import { useRef, useState } from "react";
import { usePromptLibrary } from "../nodes/prompt.js";
import { playBlob } from "./player.js";
import { describeError, useClient } from "./remote.js";

export function PromptLibrary() {
  const { client } = useClient();
  const [items, refresh] = usePromptLibrary();
  const [status, setStatus] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const run = async (f: () => Promise<string>) => {
    try {
      setStatus(await f());
    } catch (e) {
      setStatus(describeError(e));
    }
  };
  if (!client.configured) return <p className="muted">Set the API to keep prompts on the server.</p>;
  return (
    <div className="prompt-library">
      {items && items.length === 0 ? <p className="muted">No uploaded prompts yet.</p> : null}
      <ul aria-label="Prompt library">
        {(items ?? []).map((i) => (
          <li key={i.key}>
            <span>
              {i.name} <small className="muted">{(i.audioMs / 1000).toFixed(1)} s</small>
            </span>
            <button
              type="button"
              className="small"
              aria-label={`Play ${i.name}`}
              onClick={() =>
                void run(
                  async () =>
                    `Playing ${i.name} (${(await playBlob(await client.promptAudio(i.key))).toFixed(1)} s)`,
                )
              }
            >
              Play
            </button>
            <button
              type="button"
              className="small ghost"
              aria-label={`Remove ${i.name}`}
              onClick={() =>
                void run(async () => {
                  await client.deletePrompt(i.key);
                  await refresh();
                  return `Removed ${i.name}.`;
                })
              }
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="small" onClick={() => file.current?.click()}>
        Upload WAV…
      </button>
      <input
        ref={file}
        type="file"
        accept=".wav,audio/wav,audio/x-wav"
        className="sr-only"
        tabIndex={-1}
        aria-label="Upload a WAV prompt to the library"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = "";
          if (f)
            void run(async () => {
              const name =
                f.name
                  .replace(/\.wav$/i, "")
                  .replace(/[^A-Za-z0-9 ._-]/g, "_")
                  .slice(0, 64) || "prompt";
              const item = await client.uploadPrompt(name, f);
              await refresh();
              return `Uploaded ${item.name}.`;
            });
        }}
      />
      {status ? (
        <p className="hint" role="status">
          {status}
        </p>
      ) : null}
    </div>
  );
}
