import "@xyflow/react/dist/style.css";
import "./styles.css";
import { createRoot } from "react-dom/client";
import { ApiClient } from "./api/client.js";
import { resolveApiConfig } from "./api/config.js";
import { loadDeployConfig } from "./api/deploy-config.js";
import { App } from "./app/App.js";
import { docToFlow } from "./app/remote.js";
import { useDesigner } from "./app/store.js";
import { NEW_FLOW, parseRoute, type Route } from "./nav/route.js";

declare global {
  interface Window {
    /** Embedding hook: a flow document to open instead of an empty canvas (set before the app loads). */
    ringflowInitialFlow?: unknown;
  }
}
if (window.ringflowInitialFlow) {
  const flow = docToFlow(window.ringflowInitialFlow as Parameters<typeof docToFlow>[0]);
  useDesigner.getState().load(flow, { saved: flow });
}

const base = import.meta.env.BASE_URL;
// Defaults: the deployed stage's config.json (AWS), else the build's (VITE_RINGFLOW_API,
// VITE_RINGFLOW_KEY); the page URL and localStorage win.
const deployed = await loadDeployConfig(base);
const config = resolveApiConfig(location.search, localStorage, {
  baseUrl: deployed?.apiUrl ?? import.meta.env.VITE_RINGFLOW_API,
  apiKey: import.meta.env.VITE_RINGFLOW_KEY,
});
// The URL says where to start; an embedded document opens as a new flow, and the old
// `?flow=<id>` query still opens that flow.
const legacyFlow = new URLSearchParams(location.search).get("flow");
const initialRoute: Route | undefined = window.ringflowInitialFlow
  ? { name: "flow", flowId: NEW_FLOW }
  : legacyFlow
    ? { name: "flow", flowId: legacyFlow }
    : parseRoute(location.pathname, base);

createRoot(document.getElementById("root") as HTMLElement).render(
  <App client={new ApiClient(config)} base={base} initialRoute={initialRoute} />,
);
