// The designer's places as URLs: `/` the flows home, `/flows/:id` a draft (`new` for one not saved
// yet), `/flows/:id/versions/:n` a published version (read-only), `/calls/:id` one call.

export type Route =
  | { name: "home" }
  | { name: "flow"; flowId: string }
  | { name: "version"; flowId: string; version: number }
  | { name: "call"; callId: string };

export const NEW_FLOW = "new";

const seg = (s: string | undefined) => (s === undefined ? undefined : decodeURIComponent(s));

/** The route of a pathname under `base` (Vite's BASE_URL); anything unknown is home. */
export function parseRoute(pathname: string, base = "/"): Route {
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : pathname.replace(/^\//, "");
  const parts = rest.split("/").filter(Boolean);
  try {
    if (parts[0] === "flows" && parts[1]) {
      const flowId = seg(parts[1]) as string;
      if (parts.length === 2) return { name: "flow", flowId };
      const n = Number(parts[3]);
      if (parts[2] === "versions" && parts.length === 4 && Number.isInteger(n) && n > 0)
        return { name: "version", flowId, version: n };
    }
    if (parts[0] === "calls" && parts[1] && parts.length === 2)
      return { name: "call", callId: seg(parts[1]) as string };
  } catch {
    // a malformed escape: home
  }
  return { name: "home" };
}

export function routePath(r: Route, base = "/"): string {
  const e = encodeURIComponent;
  switch (r.name) {
    case "home":
      return base;
    case "flow":
      return `${base}flows/${e(r.flowId)}`;
    case "version":
      return `${base}flows/${e(r.flowId)}/versions/${r.version}`;
    case "call":
      return `${base}calls/${e(r.callId)}`;
  }
}

/** The flow a route edits or shows, when the route says (a call's flow is known only once loaded). */
export const routeFlow = (r: Route): string | undefined =>
  r.name === "flow" || r.name === "version" ? r.flowId : undefined;

export const sameRoute = (a: Route, b: Route) => routePath(a) === routePath(b);
