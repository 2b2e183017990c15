// Where the API is and which key to send: the page URL (`?api=...&key=...`) wins, then what the
// user saved in this browser, then the build-time default (passed in by main.tsx from Vite's env).

export interface ApiConfig {
  baseUrl: string;
  apiKey: string;
}

const LS_BASE = "ringflow.api";
const LS_KEY = "ringflow.key";

export function resolveApiConfig(
  search: string,
  storage: Pick<Storage, "getItem"> | undefined,
  buildDefault: Partial<ApiConfig>,
): ApiConfig {
  const q = new URLSearchParams(search);
  const pick = (param: string, ls: string, fallback: string | undefined) =>
    q.get(param) ?? storage?.getItem(ls) ?? fallback ?? "";
  return {
    baseUrl: pick("api", LS_BASE, buildDefault.baseUrl).replace(/\/+$/, ""),
    apiKey: pick("key", LS_KEY, buildDefault.apiKey),
  };
}

export function saveApiConfig(storage: Pick<Storage, "setItem">, cfg: ApiConfig): void {
  storage.setItem(LS_BASE, cfg.baseUrl);
  storage.setItem(LS_KEY, cfg.apiKey);
}
