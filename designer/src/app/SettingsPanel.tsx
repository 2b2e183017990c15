// Flow-level settings (name, language, fallback, RTP capture) and where the API is.
import type { Flow } from "@ringflow/flow";
import { ApiForm } from "./ApiForm.js";
import { CheckField, FieldErrors, NumberField, Section, SelectField, TextField } from "./fields.js";
import { PromptLibrary } from "./PromptLibrary.js";
import { useDesigner } from "./store.js";

/**
 * What turning RTP capture on means, for the admin beside the box. The per-call caps are the
 * edge's defaults (edge/src/media/capture.ts, docs/flows.md); the edge-wide budget is the
 * operator's (`--rtp-capture-mb`, 0 turns capture off whatever the flow says).
 */
export const CAPTURE_RTP_HINT =
  "Keeps each call's audio packets (RTP and RTCP, both directions) so the call's pcap download " +
  "carries them beside the SIP messages. Callers' voices are stored: turn this on only where calls " +
  "may be recorded. It costs storage: a call keeps at most its first 10 minutes, 120,000 packets or " +
  "16 MiB, a busy edge may keep less, and captures expire with the call's trace. It applies to calls " +
  "once the flow is published.";

/** The settings with RTP capture on, or off (off drops the key: absent is the schema's off). */
export function withCaptureRtp(settings: Flow["settings"], on: boolean): Flow["settings"] {
  if (on) return { ...settings, captureRtp: true };
  const { captureRtp: _, ...rest } = settings;
  return rest;
}

export function SettingsPanel() {
  const flow = useDesigner((s) => s.flow);
  const issues = useDesigner((s) => s.issues);
  const apply = useDesigner((s) => s.apply);
  const flowIssues = issues.filter((i) => i.path[0] !== "nodes");
  const settings = flow.settings;
  const setSettings = (s: Flow["settings"], k?: string) => apply({ type: "meta", settings: s }, k);
  const fb = settings.fallback;
  return (
    <div className="settings">
      <Section title="Flow">
        <TextField
          label="Description"
          field="description"
          multiline
          value={flow.description}
          onChange={(description) => apply({ type: "meta", description }, "description")}
        />
        <TextField
          label="Language"
          field="settings.language"
          value={settings.language}
          issues={flowIssues}
          onChange={(language) => setSettings({ ...settings, language }, "language")}
        />
        <SelectField
          label="When the flow has no answer"
          field="settings.fallback.type"
          value={fb?.type ?? "none"}
          options={[
            { value: "none", label: "Nothing (every output must be wired)" },
            { value: "hangup", label: "Hang up" },
            { value: "forward", label: "Forward to a number" },
          ]}
          onChange={(t) =>
            setSettings({
              ...settings,
              fallback:
                t === "hangup"
                  ? { type: "hangup", status: 480 }
                  : t === "forward"
                    ? { type: "forward", uri: "" }
                    : undefined,
            })
          }
        />
        {fb?.type === "forward" ? (
          <TextField
            label="Fallback number or SIP URI"
            field="settings.fallback.uri"
            value={fb.uri}
            onChange={(uri) => setSettings({ ...settings, fallback: { type: "forward", uri } }, "fallback")}
          />
        ) : null}
        {fb?.type === "hangup" ? (
          <NumberField
            label="Fallback SIP status"
            field="settings.fallback.status"
            value={fb.status}
            min={400}
            max={699}
            onChange={(status) => setSettings({ ...settings, fallback: { ...fb, status: status ?? 480 } })}
          />
        ) : null}
        <FieldErrors issues={flowIssues} id="flow-issues" />
      </Section>
      <Section title="Call audio">
        <CheckField
          label="Keep call audio (RTP) in the call's pcap"
          field="settings.captureRtp"
          value={settings.captureRtp === true}
          hint={CAPTURE_RTP_HINT}
          onChange={(on) => setSettings(withCaptureRtp(settings, on))}
        />
      </Section>
      <Section title="Prompt library">
        <PromptLibrary />
      </Section>
      <Section title="API">
        <ApiForm />
      </Section>
    </div>
  );
}
