import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { agentProtectionPut, type ProtectionPut, TaskProtection } from "./task-protection.js";

function fake() {
  let t = 0;
  const calls: Parameters<ProtectionPut>[0][] = [];
  const p = new TaskProtection({
    put: async (b) => {
      calls.push(b);
    },
    clock: { now: () => t },
    expiresInMinutes: 60,
    renewBeforeMs: 20 * 60_000,
    idleReleaseMs: 60_000,
  });
  return { p, calls, advance: (ms: number) => (t += ms) };
}

test("protects on the first call, renews before expiry while busy, releases after an idle minute", async () => {
  const { p, calls, advance } = fake();
  await p.update(0);
  expect(calls).toEqual([]);
  await p.update(1);
  expect(calls).toEqual([{ ProtectionEnabled: true, ExpiresInMinutes: 60 }]);
  expect(p.isProtected).toBe(true);
  advance(30 * 60_000);
  await p.update(3); // 30 min left: more than the renewal window
  expect(calls).toHaveLength(1);
  advance(15 * 60_000);
  await p.update(2); // 15 min left: renewed
  expect(calls).toHaveLength(2);
  await p.update(0);
  advance(30_000);
  await p.update(0); // idle 30 s: still protected (no flapping between calls)
  expect(calls).toHaveLength(2);
  await p.update(1);
  advance(45_000);
  await p.update(0); // idle clock restarted by the call
  advance(59_000);
  await p.update(0);
  expect(calls).toHaveLength(2);
  advance(1_000);
  await p.update(0);
  expect(calls[2]).toEqual({ ProtectionEnabled: false });
  expect(p.isProtected).toBe(false);
});

test("a failed agent call is kept for the logs and retried on the next update", async () => {
  let fail = true;
  const seen: unknown[] = [];
  const p = new TaskProtection({
    put: async (b) => {
      seen.push(b);
      if (fail) throw new Error("agent unavailable");
    },
    clock: { now: () => 0 },
  });
  await p.update(1);
  expect(p.isProtected).toBe(false);
  expect(String(p.lastError)).toMatch(/agent unavailable/);
  fail = false;
  await p.update(1);
  expect(p.isProtected).toBe(true);
  expect(seen).toHaveLength(2);
  await p.release();
  expect(seen[2]).toEqual({ ProtectionEnabled: false });
});

test("talks to the ECS agent's task-protection endpoint (a stub of it)", async () => {
  const bodies: { method?: string; url?: string; body: unknown }[] = [];
  let status = 200;
  const srv = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      bodies.push({ method: req.method, url: req.url, body: JSON.parse(body) });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(
        status === 200
          ? '{"protection":{"ProtectionEnabled":true}}'
          : '{"error":{"Code":"AccessDeniedException"}}',
      );
    });
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const uri = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/api/agent-id`;
  try {
    const put = agentProtectionPut(uri);
    await put({ ProtectionEnabled: true, ExpiresInMinutes: 60 });
    expect(bodies).toEqual([
      {
        method: "PUT",
        url: "/api/agent-id/task-protection/v1/state",
        body: { ProtectionEnabled: true, ExpiresInMinutes: 60 },
      },
    ]);
    status = 400;
    await expect(put({ ProtectionEnabled: false })).rejects.toThrow(/HTTP 400.*AccessDenied/);
  } finally {
    await new Promise((r) => srv.close(r));
  }
});
