// Where the API is and which key to send: the page URL (`?api=...&key=...`) wins, then what the
// user saved in this browser, then the build-time default (passed in by main.tsx from Vite's env).
//
// A key only ever goes to the origin it came with: a link's `?api=` to another origin gets the
// link's own `key` or none (the user is asked for one), never the key saved for this browser's
// API. Otherwise any link could make the designer send the saved key to a server of its choice.

export interface ApiConfig {
  baseUrl: string;
  apiKey: string;
}

const LS_BASE = "ringflow.api";
const LS_KEY = "ringflow.key";

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

export function resolveApiConfig(
  search: string,
  storage: Pick<Storage, "getItem"> | undefined,
  buildDefault: Partial<ApiConfig>,
): ApiConfig {
  const q = new URLSearchParams(search);
  const clean = (u: string) => u.replace(/\/+$/, "");
  // Each place a base comes from, with the key that belongs to it.
  const saved = { base: storage?.getItem(LS_BASE) ?? undefined, key: storage?.getItem(LS_KEY) ?? undefined };
  const builtIn = { base: buildDefault.baseUrl, key: buildDefault.apiKey };
  const urlApi = q.get("api");
  const urlKey = q.get("key");
  const baseUrl = clean(urlApi ?? saved.base ?? builtIn.base ?? "");
  if (urlKey !== null) return { baseUrl, apiKey: urlKey };
  const origin = originOf(baseUrl);
  const keyFor = (c: { base?: string | undefined; key?: string | undefined }) =>
    c.key && c.base !== undefined && origin !== undefined && originOf(c.base) === origin ? c.key : undefined;
  return { baseUrl, apiKey: keyFor(saved) ?? keyFor(builtIn) ?? "" };
}

export function saveApiConfig(storage: Pick<Storage, "setItem">, cfg: ApiConfig): void {
  storage.setItem(LS_BASE, cfg.baseUrl);
  storage.setItem(LS_KEY, cfg.apiKey);
}
