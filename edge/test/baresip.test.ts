import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DecisionEvent } from "@ringflow/flow/protocol";
import { describeWithTools, freePort } from "@ringflow/testkit";
import { loadConfig } from "../src/config.js";
import { type RunningEdge, startEdge } from "../src/service.js";
import { type InvokeStub, startInvokeStub } from "./invoke-server.js";
import { killAllSipp, sipp } from "./sipp.js";

// One real softphone call: baresip (headless, audio from a WAV file) dials the edge, the edge
// bridges it to a SIPp callee; baresip hangs up when its -t timer ends.

jest.setTimeout(30_000);

/** 1 s of an 8 kHz 16-bit mono 440 Hz tone as a WAV file. */
function toneWav(file: string): void {
  const n = 8000;
  const buf = Buffer.alloc(44 + n * 2);
  buf.write("RIFF", 0);
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write("WAVEfmt ", 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(8000, 24);
  buf.writeUInt32LE(16000, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write("data", 36);
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++)
    buf.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), 44 + i * 2);
  writeFileSync(file, buf);
}

let stub: InvokeStub;
let running: RunningEdge;
let dir: string;

describeWithTools(["baresip", "sipp"], "a baresip call bridged by the edge", () => {
  afterAll(async () => {
    killAllSipp();
    await running?.close();
    await stub?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("baresip -> edge -> SIPp callee: answered, then baresip hangs up", async () => {
    const uas = await sipp({ scenario: "callee-answers", timeoutSec: 25 });
    stub = await startInvokeStub((e: DecisionEvent) =>
      e.type === "call.new"
        ? {
            answer: {
              actions: [{ type: "bridge", targets: [{ uri: `sip:callee@127.0.0.1:${uas.port}` }] }],
              state: "",
              trace: { path: ["start", "fwd"] },
            },
          }
        : { answer: { actions: [], state: "" } },
    );
    const cfg = loadConfig({}, ["--listen", "127.0.0.1:0", "--invoke-endpoint", stub.url]);
    cfg.traceFlushMs = 20;
    running = await startEdge(cfg);

    dir = mkdtempSync(join(tmpdir(), "rf-baresip-"));
    const wav = join(dir, "tone.wav");
    toneWav(wav);
    const sipPort = await freePort();
    writeFileSync(
      join(dir, "config"),
      [
        `sip_listen 127.0.0.1:${sipPort}`,
        "audio_player none",
        `audio_source aufile,${wav}`,
        "audio_alert none",
        "module_path /usr/lib/baresip/modules",
        "module g711.so",
        "module aufile.so",
        "module_app account.so",
        "module_app menu.so",
        "",
      ].join("\n"),
    );
    writeFileSync(join(dir, "accounts"), "<sip:caller@127.0.0.1>;regint=0;audio_codecs=PCMU\n");
    writeFileSync(join(dir, "contacts"), "");
    const phone = spawn(
      "baresip",
      ["-f", dir, "-e", `/dial sip:+15550000200@127.0.0.1:${running.edge.port}`, "-t", "4"],
      { stdio: "ignore" },
    );
    const phoneExit = new Promise<number | null>((r) => phone.on("exit", (c) => r(c)));
    const trace = await stub.waitTrace((t) => t.number === "+15550000200", 20_000);
    expect(await phoneExit).toBe(0);
    expect(await uas.done).toBe(0);
    expect(trace.outcome).toBe("bridged");
    expect(trace.finalStatus).toBe(200);
    const invite = trace.sip.find((m) => m.leg === "a" && m.summary === "INVITE");
    expect(invite?.raw).toMatch(/User-Agent: baresip/i);
    expect(trace.sip.filter((m) => m.leg === "a").map((m) => m.summary)).toEqual(
      expect.arrayContaining(["INVITE", "200 OK", "ACK", "BYE"]),
    );
    const ended = stub.events.find((e) => e.type === "call.ended");
    expect(ended).toMatchObject({ data: { by: "caller" } });
  });
});
