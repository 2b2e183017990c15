// Flow-level settings (name, language, fallback) and where the API is.
import type { Flow } from "@ringflow/flow";
import { useEffect, useState } from "react";
import type { FlowSummary } from "../api/client.js";
import { ApiClient } from "../api/client.js";
import { saveApiConfig } from "../api/config.js";
import { emptyFlow } from "../core/edits.js";
import { FieldErrors, NumberField, Section, SelectField, TextField } from "./fields.js";
import { describeError, loadFlow, useClient } from "./remote.js";
import { useDesigner } from "./store.js";

export function SettingsPanel() {
  const flow = useDesigner((s) => s.flow);
  const issues = useDesigner((s) => s.issues);
  const apply = useDesigner((s) => s.apply);
  const { client, setClient } = useClient();
  const [base, setBase] = useState(client.config.baseUrl);
  const [key, setKey] = useState(client.config.apiKey);
  const flowIssues = issues.filter((i) => i.path[0] !== "nodes");
  const settings = flow.settings;
  const setSettings = (s: Flow["settings"], k?: string) => apply({ type: "meta", settings: s }, k);
  const fb = settings.fallback;
  return (
    <div className="settings">
      <FlowsSection />
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
      <Section title="API">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const cfg = { baseUrl: base.trim().replace(/\/+$/, ""), apiKey: key.trim() };
            saveApiConfig(localStorage, cfg);
            setClient(new ApiClient(cfg));
          }}
        >
          <label htmlFor="api-base">API address</label>
          <input
            id="api-base"
            value={base}
            placeholder="http://127.0.0.1:8787"
            onChange={(e) => setBase(e.target.value)}
          />
          <label htmlFor="api-key">API key</label>
          <input
            id="api-key"
            type="password"
            value={key}
            autoComplete="off"
            onChange={(e) => setKey(e.target.value)}
          />
          <button type="submit">Use this API</button>
        </form>
      </Section>
    </div>
  );
}

/** The tenant's flows on the server: open one, or start an empty one. */
function FlowsSection() {
  const { client } = useClient();
  const current = useDesigner((s) => s.remote.flowId);
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!client.configured) return;
    client
      .listFlows()
      .then(setFlows)
      .catch((e) => setError(describeError(e)));
  }, [client]);
  return (
    <Section title="Flows">
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {client.configured && flows ? (
        <ul className="flow-list" aria-label="Flows on the server">
          {flows.map((f) => (
            <li key={f.id}>
              <button
                type="button"
                className="small"
                disabled={f.id === current}
                onClick={() => loadFlow(client, f.id).catch((e) => setError(describeError(e)))}
              >
                Open {f.name} <code>{f.id}</code>
              </button>
              {f.errors ? <span className="error"> {f.errors} errors</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <button type="button" className="small" onClick={() => useDesigner.getState().load(emptyFlow())}>
        New empty flow
      </button>
    </Section>
  );
}
