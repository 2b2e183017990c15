import { emptyFlow } from "../core/edits.js";
import { ApiClient, ApiError } from "./client.js";
import { resolveApiConfig } from "./config.js";

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

function fake(answer: (s: Seen) => { status: number; body?: unknown; headers?: Record<string, string> }) {
  const seen: Seen[] = [];
  const f = (async (url: string, init: RequestInit) => {
    const s: Seen = {
      method: init.method ?? "GET",
      url,
      headers: init.headers as Record<string, string>,
      ...(init.body ? { body: JSON.parse(String(init.body)) } : {}),
    };
    seen.push(s);
    const a = answer(s);
    // jsdom has no Response: the few members the client reads.
    const headers = new Map(Object.entries(a.headers ?? {}));
    return {
      ok: a.status >= 200 && a.status < 300,
      status: a.status,
      statusText: "",
      headers: { get: (n: string) => headers.get(n.toLowerCase()) ?? null },
      text: async () => (a.body === undefined ? "" : JSON.stringify(a.body)),
    };
  }) as unknown as typeof fetch;
  return { f, seen };
}

const cfg = { baseUrl: "http://api.test", apiKey: "k1" };

test("reads a draft with its revision from the ETag and the document from `flow`", async () => {
  const doc = emptyFlow("Desk");
  const { f, seen } = fake(() => ({
    status: 200,
    body: {
      id: "desk",
      name: "Desk",
      revision: 2,
      flow: doc,
      errors: 0,
      warnings: 0,
      createdAt: "",
      updatedAt: "",
    },
    headers: { etag: '"3"' },
  }));
  const d = await new ApiClient(cfg, f).getFlow("desk");
  expect(d).toMatchObject({ flowId: "desk", revision: 3, doc });
  expect(seen[0]).toMatchObject({ method: "GET", url: "http://api.test/v1/flows/desk" });
  expect(seen[0]?.headers.authorization).toBe("Bearer k1");
});

test("a save sends the document and If-Match; a 409 is a typed conflict carrying the current revision", async () => {
  const { f, seen } = fake(() => ({
    status: 409,
    body: { error: "revision_conflict", message: "moved on", currentRevision: 7 },
  }));
  const doc = emptyFlow();
  const err = await new ApiClient(cfg, f).saveFlow("desk", doc, 4).catch((e) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect(err).toMatchObject({ code: "revision_conflict", status: 409, currentRevision: 7 });
  expect(seen[0]).toMatchObject({ method: "PUT", body: doc });
  expect(seen[0]?.headers["if-match"]).toBe('"4"');
});

test("numbers are bound with the number escaped in the path; an answer off the contract is bad_response", async () => {
  const { f, seen } = fake((s) =>
    s.url.includes("/v1/calls")
      ? { status: 200, body: { calls: [{ callId: "c1" }] } }
      : { status: 200, body: { number: "+15550100", flowId: "desk", version: "latest", updatedAt: "" } },
  );
  const c = new ApiClient(cfg, f);
  await c.bindNumber("+15550100", "desk", "latest");
  expect(seen[0]).toMatchObject({
    method: "PUT",
    url: "http://api.test/v1/numbers/%2B15550100",
    body: { flowId: "desk", version: "latest" },
  });
  await expect(c.listCalls(5)).rejects.toMatchObject({ code: "bad_response", status: 200 });
});

test("an unreachable API is ApiError code network", async () => {
  const f = (async () => {
    throw new TypeError("fetch failed");
  }) as unknown as typeof fetch;
  await expect(new ApiClient(cfg, f).health()).rejects.toMatchObject({ code: "network", status: 0 });
});

test("config: the page URL wins over localStorage, which wins over the build default", () => {
  const ls = { getItem: (k: string) => ({ "ringflow.api": "http://ls", "ringflow.key": "lk" })[k] ?? null };
  expect(resolveApiConfig("?api=http://q/&key=qk", ls, { baseUrl: "http://b" })).toEqual({
    baseUrl: "http://q",
    apiKey: "qk",
  });
  expect(resolveApiConfig("", ls, { baseUrl: "http://b" })).toEqual({ baseUrl: "http://ls", apiKey: "lk" });
  expect(resolveApiConfig("", undefined, { baseUrl: "http://b", apiKey: "bk" })).toEqual({
    baseUrl: "http://b",
    apiKey: "bk",
  });
});

test("config: a key is never sent to an origin it did not come with", () => {
  const ls = {
    getItem: (k: string) =>
      ({ "ringflow.api": "http://127.0.0.1:8787", "ringflow.key": "rf_saved" })[k] ?? null,
  };
  // A link naming another API, without a key of its own: no key (the user is asked), not the saved one.
  expect(resolveApiConfig("?api=https://evil.example", ls, {})).toEqual({
    baseUrl: "https://evil.example",
    apiKey: "",
  });
  expect(resolveApiConfig("?api=http://127.0.0.1:8788/", ls, { baseUrl: "http://x", apiKey: "bk" })).toEqual({
    baseUrl: "http://127.0.0.1:8788",
    apiKey: "",
  });
  // The same origin keeps the saved key; a link with its own key uses that one.
  expect(resolveApiConfig("?api=http://127.0.0.1:8787/", ls, {})).toEqual({
    baseUrl: "http://127.0.0.1:8787",
    apiKey: "rf_saved",
  });
  expect(resolveApiConfig("?api=https://other.example&key=rf_theirs", ls, {})).toEqual({
    baseUrl: "https://other.example",
    apiKey: "rf_theirs",
  });
  // The build-time key belongs to the build-time API only.
  const none = { getItem: () => null };
  expect(
    resolveApiConfig("?api=https://evil.example", none, { baseUrl: "http://b", apiKey: "bk" }).apiKey,
  ).toBe("");
});
