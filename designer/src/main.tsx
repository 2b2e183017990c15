import "@xyflow/react/dist/style.css";
import "./styles.css";
import { createRoot } from "react-dom/client";
import { ApiClient } from "./api/client.js";
import { resolveApiConfig } from "./api/config.js";
import { App } from "./app/App.js";
import { docToFlow } from "./app/remote.js";
import { useDesigner } from "./app/store.js";

declare global {
  interface Window {
    /** Embedding hook: a flow document to open instead of an empty canvas (set before the app loads). */
    ringflowInitialFlow?: unknown;
  }
}
if (window.ringflowInitialFlow) {
  useDesigner.getState().load(docToFlow(window.ringflowInitialFlow as Parameters<typeof docToFlow>[0]));
}

// Build-time defaults (VITE_RINGFLOW_API, VITE_RINGFLOW_KEY); the page URL and localStorage win.
const config = resolveApiConfig(location.search, localStorage, {
  baseUrl: import.meta.env.VITE_RINGFLOW_API,
  apiKey: import.meta.env.VITE_RINGFLOW_KEY,
});
const flowId = new URLSearchParams(location.search).get("flow") ?? undefined;

createRoot(document.getElementById("root") as HTMLElement).render(
  <App client={new ApiClient(config)} initialFlowId={flowId} />,
);
