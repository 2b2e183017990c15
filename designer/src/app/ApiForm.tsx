// Where the API is and which key to send, saved in this browser.
import { useState } from "react";
import { ApiClient } from "../api/client.js";
import { saveApiConfig } from "../api/config.js";
import { useClient } from "./remote.js";

export function ApiForm() {
  const { client, setClient } = useClient();
  const [base, setBase] = useState(client.config.baseUrl);
  const [key, setKey] = useState(client.config.apiKey);
  return (
    <form
      className="api-form"
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
  );
}
