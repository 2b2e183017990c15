// The answer's opaque state carries which flow version the call runs, ahead of the interpreter's
// own state, so that later events of the call run the same version (even after a new publish)
// without a number lookup: `rf1|<tenant>|<flowId>|<version or "draft">|<interpreter state>`.

export interface CallRoute {
  tenantId: string;
  flowId: string;
  version: number | "draft";
}

const PREFIX = "rf1|";

export function encodeRouteState(route: CallRoute, inner: string): string {
  return `${PREFIX}${route.tenantId}|${route.flowId}|${route.version}|${inner}`;
}

export function decodeRouteState(state: string | undefined): { route: CallRoute; inner: string } | undefined {
  if (!state?.startsWith(PREFIX)) return undefined;
  const parts = state.split("|");
  if (parts.length < 5) return undefined;
  const [, tenantId, flowId, v] = parts as [string, string, string, string];
  const version = v === "draft" ? "draft" : Number(v);
  if (!tenantId || !flowId || (version !== "draft" && !(Number.isInteger(version) && version > 0)))
    return undefined;
  const inner = state.slice(PREFIX.length + tenantId.length + flowId.length + v.length + 3);
  return { route: { tenantId, flowId, version }, inner };
}
