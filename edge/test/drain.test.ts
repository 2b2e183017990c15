import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DecisionEvent } from "@ringflow/flow/protocol";
import { describeWithTools, freePort } from "@ringflow/testkit";
import { bundleEdge } from "../src/bundle.js";
import { type InvokeStub, startInvokeStub } from "./invoke-server.js";
import { killAllSipp, sipp } from "./sipp.js";

// The edge as its own process, run as a container runs it (the bundle of edge/src/main.ts): the ready line, the HTTP health check, and
// SIGTERM draining: the bridged call in progress finishes, a new INVITE gets 503.

jest.setTimeout(30_000);

let stub: InvokeStub;
let edge: ChildProcess | undefined;

describeWithTools(["sipp"], "edge process", () => {
  const dist = mkdtempSync(join(tmpdir(), "ringflow-edge-"));
  const bundle = join(dist, "edge.mjs");
  beforeAll(() => bundleEdge({ entry: join(process.cwd(), "edge", "src", "main.ts"), outfile: bundle }));
  afterAll(async () => {
    killAllSipp();
    edge?.kill("SIGKILL");
    await stub?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  test("SIGTERM during a bridged call: the call finishes, a new INVITE gets 503, then the edge exits 0", async () => {
    const uas = await sipp({ scenario: "callee-answers" });
    let admitted: () => void = () => {};
    const callAdmitted = new Promise<void>((r) => {
      admitted = r;
    });
    stub = await startInvokeStub((e: DecisionEvent) => {
      if (e.type === "call.new") admitted();
      return e.type === "call.new"
        ? {
            answer: {
              actions: [{ type: "bridge", targets: [{ uri: `sip:bob@127.0.0.1:${uas.port}` }] }],
              state: "",
            },
          }
        : { answer: { actions: [], state: "" } };
    });
    const port = await freePort();
    const health = await freePort();
    edge = spawn(
      process.execPath,
      [
        bundle,
        "--listen",
        `127.0.0.1:${port}`,
        "--invoke-endpoint",
        stub.url,
        "--health-port",
        String(health),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const exited = new Promise<number | null>((r) => edge?.on("exit", (code) => r(code)));
    const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
      let out = "";
      edge?.stdout?.on("data", (d) => {
        out += d.toString();
        const line = out.split("\n").find((l) => l.includes('"ready"'));
        if (line) resolve(JSON.parse(line));
      });
      edge?.on("exit", () => reject(new Error(`edge exited before ready: ${out}`)));
    });
    expect(ready).toMatchObject({ ready: true, sip: `127.0.0.1:${port}`, health });
    const h = await fetch(`http://127.0.0.1:${health}/health`);
    expect(h.status).toBe(200);

    const call = await sipp({
      scenario: "bridged-caller-hangs-up",
      remote: `127.0.0.1:${port}`,
      service: "+15550000100",
      pauseMs: 1500,
    });
    // Once the call is in progress (the decision function was asked about it), stop the edge,
    // and wait for it to say it is draining: events, not sleeps.
    await callAdmitted;
    expect(
      ((await (await fetch(`http://127.0.0.1:${health}/health`)).json()) as { callsInProgress: number })
        .callsInProgress,
    ).toBe(1);
    const draining = new Promise<void>((resolve) => {
      const seen = (d: Buffer) => {
        if (d.toString().includes('"draining":true')) {
          edge?.stdout?.off("data", seen);
          resolve();
        }
      };
      edge?.stdout?.on("data", seen);
    });
    edge.kill("SIGTERM");
    await draining;
    const refused = await sipp({
      scenario: "unavailable-503",
      remote: `127.0.0.1:${port}`,
      service: "+15550000101",
    });
    expect(await refused.done).toBe(0);
    const drainingHealth = await fetch(`http://127.0.0.1:${health}/health`);
    expect(drainingHealth.status).toBe(503);
    expect(await call.done).toBe(0);
    expect(await uas.done).toBe(0);
    expect(await exited).toBe(0);
  });
});
