import { DESIGNER_CONFIG_FILE, type DesignerDeployConfig } from "@ringflow/names";

// A deployed stage serves `config.json` beside the designer (infra's Site stack writes it at
// deploy time: API URL, region, Cognito ids), so one build serves every stage. Locally there is
// none (Vite answers index.html for it): the build-time defaults stay.

export function parseDeployConfig(v: unknown): DesignerDeployConfig | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const keys = ["apiUrl", "region", "userPoolId", "userPoolClientId"] as const;
  if (!keys.every((k) => typeof o[k] === "string" && o[k] !== "")) return undefined;
  try {
    if (new URL(o.apiUrl as string).protocol !== "https:") return undefined;
  } catch {
    return undefined;
  }
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as unknown as DesignerDeployConfig;
}

/** The stage's config from `<base>config.json`, or undefined when there is none (never throws). */
export async function loadDeployConfig(
  base: string,
  fetchFn: typeof fetch = fetch,
): Promise<DesignerDeployConfig | undefined> {
  try {
    const res = await fetchFn(`${base}${DESIGNER_CONFIG_FILE}`, { cache: "no-store" });
    if (!res.ok || !(res.headers.get("content-type") ?? "").includes("json")) return undefined;
    return parseDeployConfig(await res.json());
  } catch {
    return undefined;
  }
}
