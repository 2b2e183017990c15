import { loadDeployConfig, parseDeployConfig } from "./deploy-config.js";

const CONFIG = {
  apiUrl: "https://abc.execute-api.eu-west-1.amazonaws.com/",
  region: "eu-west-1",
  userPoolId: "eu-west-1_AbC",
  userPoolClientId: "client",
};

const response = (body: string, contentType: string, status = 200) =>
  ({
    ok: status < 300,
    status,
    headers: { get: (h: string) => (h.toLowerCase() === "content-type" ? contentType : null) },
    json: async () => JSON.parse(body),
  }) as unknown as Response;

test("reads the stage's config.json beside the designer", async () => {
  const seen: string[] = [];
  const fetchFn = (async (url: string) => {
    seen.push(url);
    return response(JSON.stringify({ ...CONFIG, extra: 1 }), "application/json");
  }) as unknown as typeof fetch;
  expect(await loadDeployConfig("/app/", fetchFn)).toEqual(CONFIG);
  expect(seen).toEqual(["/app/config.json"]);
});

test("no config locally (Vite answers index.html), a missing file or a bad one: undefined", async () => {
  const html = (async () => response("<!doctype html>", "text/html")) as unknown as typeof fetch;
  const missing = (async () => response("{}", "application/json", 404)) as unknown as typeof fetch;
  const broken = (async () => {
    throw new TypeError("offline");
  }) as unknown as typeof fetch;
  for (const f of [html, missing, broken]) expect(await loadDeployConfig("/", f)).toBeUndefined();
  expect(parseDeployConfig({ ...CONFIG, apiUrl: "http://plain.example" })).toBeUndefined();
  expect(parseDeployConfig({ ...CONFIG, userPoolId: "" })).toBeUndefined();
  expect(parseDeployConfig(null)).toBeUndefined();
});
