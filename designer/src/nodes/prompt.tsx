// The prompt editor shared by play, menu, collect and voicemail: text to speak (with a "Listen"
// preview through the browser's speech synthesis) or the key of an uploaded audio file.
import type { Prompt } from "@ringflow/flow";
import { SelectField, TextField } from "../app/fields.js";
import type { FlowIssue } from "../core/flowlib.js";

export function promptSummary(p: Prompt | undefined): string {
  if (!p) return "";
  return "text" in p ? (p.text ? `“${p.text}”` : "(no text yet)") : `audio: ${p.audio}`;
}

function listen(text: string, lang?: string) {
  const synth = typeof window !== "undefined" ? window.speechSynthesis : undefined;
  if (!synth || !text) return;
  const u = new SpeechSynthesisUtterance(text);
  if (lang) u.lang = lang;
  synth.cancel();
  synth.speak(u);
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
  const mode = p === undefined ? "none" : "text" in p ? "text" : "audio";
  const canListen = typeof window !== "undefined" && "speechSynthesis" in window;
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
        <>
          <TextField
            label={props.label}
            field={`${field}.text`}
            multiline
            value={p.text}
            issues={props.issues}
            placeholder="What the caller hears"
            onChange={(text) => props.onChange({ ...p, text }, `${field}.text`)}
          />
          {canListen ? (
            <button
              type="button"
              className="small"
              onClick={() => listen(p.text, p.language)}
              disabled={!p.text}
            >
              Listen
            </button>
          ) : null}
        </>
      ) : null}
      {p && "audio" in p ? (
        <TextField
          label={`${props.label}: audio key`}
          field={`${field}.audio`}
          value={p.audio}
          issues={props.issues}
          placeholder="prompts/welcome.wav"
          onChange={(audio) => props.onChange({ audio }, `${field}.audio`)}
        />
      ) : null}
    </div>
  );
}
