// The prompt editor shared by play, menu, collect and voicemail: text to speak, or an audio file
// from the tenant's prompt library (uploaded here or in Settings). "Listen" plays what the caller
// will hear: the server's speech engine in the flow's language (the browser's voice, in that
// language, when there is no API), or the stored audio.
import type { Prompt } from "@ringflow/flow";
import { useEffect, useRef, useState } from "react";
import type { PromptItem } from "../api/client.js";
import { SelectField, TextField } from "../app/fields.js";
import { playBlob } from "../app/player.js";
import { describeError, useClient } from "../app/remote.js";
import { useDesigner } from "../app/store.js";
import type { FlowIssue } from "../core/flowlib.js";

export function promptSummary(p: Prompt | undefined): string {
  if (!p) return "";
  return "text" in p ? (p.text ? `“${p.text}”` : "(no text yet)") : `audio: ${audioName(p.audio)}`;
}

/** `prompts/uploads/t/ab12/Welcome_tone.wav` -> "Welcome tone". */
export const audioName = (key: string) =>
  (/([^/]+)\.wav$/.exec(key)?.[1] ?? key).replace(/_/g, " ") || "(none chosen)";

function speakInBrowser(text: string, lang: string): number {
  const synth = typeof window !== "undefined" ? window.speechSynthesis : undefined;
  if (!synth || !text) return Number.NaN;
  const u = new SpeechSynthesisUtterance(text);
  u.lang = lang;
  synth.cancel();
  synth.speak(u);
  return Number.NaN;
}

/** The tenant's prompt library, fetched once per client. */
export function usePromptLibrary(): [PromptItem[] | null, () => Promise<void>] {
  const { client } = useClient();
  const [items, setItems] = useState<PromptItem[] | null>(null);
  const refresh = async () => {
    if (!client.configured) return;
    setItems(await client.listPrompts().catch(() => []));
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per client
  useEffect(() => {
    void refresh();
  }, [client]);
  return [items, refresh];
}

export function PromptField(props: {
  label: string;
  field: string;
  value: Prompt | undefined;
  issues: FlowIssue[];
  optional?: boolean;
  onChange(p: Prompt | undefined, key?: string): void;
}) {
  const { value: p, field } = props;
  const { client } = useClient();
  const language = useDesigner((s) => s.flow.settings.language);
  const [library, refresh] = usePromptLibrary();
  const [status, setStatus] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const mode = p === undefined ? "none" : "text" in p ? "text" : "audio";

  const listen = async () => {
    if (!p) return;
    setStatus("Loading…");
    try {
      let seconds: number;
      if ("text" in p) {
        const lang = p.language ?? language;
        seconds = client.configured
          ? await playBlob(
              await client.listen({ text: p.text, language: lang, ...(p.voice ? { voice: p.voice } : {}) }),
            )
          : speakInBrowser(p.text, lang);
      } else seconds = await playBlob(await client.promptAudio(p.audio));
      setStatus(Number.isFinite(seconds) ? `Playing (${seconds.toFixed(1)} s)` : "Playing");
    } catch (e) {
      setStatus(`Cannot play: ${describeError(e)}`);
    }
  };

  const upload = async (f: File) => {
    setStatus("Uploading…");
    try {
      const name =
        f.name
          .replace(/\.wav$/i, "")
          .replace(/[^A-Za-z0-9 ._-]/g, "_")
          .slice(0, 64) || "prompt";
      const item = await client.uploadPrompt(name, f);
      await refresh();
      props.onChange({ audio: item.key }, `${field}.audio`);
      setStatus(`Uploaded ${item.name} (${(item.audioMs / 1000).toFixed(1)} s at 8 kHz)`);
    } catch (e) {
      setStatus(`Upload failed: ${describeError(e)}`);
    }
  };

  const canListen = client.configured || (typeof window !== "undefined" && "speechSynthesis" in window);
  return (
    <div className="prompt-field">
      <SelectField
        label={`${props.label}: kind`}
        field={`${field}.kind`}
        value={mode}
        options={[
          ...(props.optional ? [{ value: "none" as const, label: "None" }] : []),
          { value: "text" as const, label: "Text to speech" },
          { value: "audio" as const, label: "Audio file" },
        ]}
        onChange={(m) =>
          props.onChange(m === "none" ? undefined : m === "text" ? { text: "" } : { audio: "" })
        }
      />
      {p && "text" in p ? (
        <TextField
          label={props.label}
          field={`${field}.text`}
          multiline
          value={p.text}
          issues={props.issues}
          placeholder="What the caller hears"
          onChange={(text) => props.onChange({ ...p, text }, `${field}.text`)}
        />
      ) : null}
      {p && "audio" in p ? (
        <>
          <SelectField
            label={`${props.label}: audio file`}
            field={`${field}.audio`}
            value={p.audio}
            issues={props.issues}
            options={[
              {
                value: "",
                label: library === null ? "(no library: set the API in Settings)" : "Choose a prompt…",
              },
              ...(library ?? []).map((i) => ({
                value: i.key,
                label: `${i.name} (${(i.audioMs / 1000).toFixed(1)} s)`,
              })),
              ...(p.audio && !(library ?? []).some((i) => i.key === p.audio)
                ? [{ value: p.audio, label: audioName(p.audio) }]
                : []),
            ]}
            onChange={(audio) => props.onChange({ audio }, `${field}.audio`)}
          />
          {client.configured ? (
            <>
              <button type="button" className="small" onClick={() => file.current?.click()}>
                Upload WAV…
              </button>
              <input
                ref={file}
                type="file"
                accept=".wav,audio/wav,audio/x-wav"
                className="sr-only"
                tabIndex={-1}
                aria-label={`${props.label}: upload a WAV file`}
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  e.target.value = "";
                  if (f) void upload(f);
                }}
              />
            </>
          ) : null}
        </>
      ) : null}
      {p && canListen ? (
        <button
          type="button"
          className="small"
          onClick={() => void listen()}
          disabled={"text" in p ? !p.text : !p.audio}
          title="Play what the caller will hear"
        >
          Listen
        </button>
      ) : null}
      {status ? (
        <span className="hint" role="status">
          {status}
        </span>
      ) : null}
    </div>
  );
}
