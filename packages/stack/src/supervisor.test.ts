import { connect, createServer } from "node:net";
import { freePort } from "@ringflow/testkit";
import { describeTaken, portIsFree, takenPorts } from "./ports.js";
import { StartError, Supervisor, type SupervisorEvent } from "./supervisor.js";

const node = process.execPath;
/** A child that listens on a TCP port (its health) and exits 0 on SIGTERM after `drainMs`. */
const server = (port: number, drainMs = 0) => [
  "-e",
  `const s=require('net').createServer().listen(${port},'127.0.0.1',()=>console.log('up'));
   process.on('SIGTERM',()=>{console.log('draining');setTimeout(()=>{s.close();process.exit(0)},${drainMs})});`,
];
const listening = (port: number) => async () => !(await portIsFree({ port, proto: "tcp", owner: "t" }));

test("starts children in order, prefixes their logs, stops them last-first, leaving nothing listening", async () => {
  const [p1, p2] = [await freePort(), await freePort()];
  const events: SupervisorEvent[] = [];
  const sup = new Supervisor((e) => events.push(e));
  await sup.start({ name: "db", command: node, args: server(p1), healthy: listening(p1) });
  await sup.start({ name: "edge", command: node, args: server(p2, 200), healthy: listening(p2) });
  expect(events.filter((e) => e.kind === "ready").map((e) => e.name)).toEqual(["db", "edge"]);
  expect(events).toContainEqual({ kind: "log", name: "db", line: "up" });

  await sup.stopAll();
  const stopped = events.filter((e) => e.kind === "stopped").map((e) => e.name);
  expect(stopped).toEqual(["edge", "db"]);
  expect(events).toContainEqual({ kind: "log", name: "edge", line: "draining" });
  expect(events.some((e) => e.kind === "died")).toBe(false);
  expect(await portIsFree({ port: p1, proto: "tcp", owner: "t" })).toBe(true);
  expect(await portIsFree({ port: p2, proto: "tcp", owner: "t" })).toBe(true);
});

test("a child that dies while starting is a StartError carrying its last lines", async () => {
  const sup = new Supervisor(() => {});
  const err = await sup
    .start({
      name: "broken",
      command: node,
      args: ["-e", "console.error('cannot open table'); process.exit(3)"],
      healthy: async () => false,
    })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(StartError);
  expect((err as StartError).code).toBe("died_on_start");
  expect((err as StartError).lastLines).toContain("cannot open table");
});

test("a child that dies after start is reported with its last lines", async () => {
  const port = await freePort();
  // The "died" event is awaited, not a sleep long enough for it on a quiet machine.
  let reportDeath: (e: SupervisorEvent) => void = () => {};
  const died = new Promise<SupervisorEvent>((r) => {
    reportDeath = r;
  });
  const sup = new Supervisor((e) => {
    if (e.kind === "died") reportDeath(e);
  });
  await sup.start({
    name: "api",
    command: node,
    args: [
      "-e",
      // It dies only after the health check has reached it (a fixed delay from its start lost
      // the race with a slow start on a loaded box: "exited while starting").
      `require('net').createServer((c)=>{c.destroy();setTimeout(()=>{console.log('oops');process.exit(7)},500)}).listen(${port},'127.0.0.1')`,
    ],
    // Healthy once a connection gets through (the connection is what starts its end).
    healthy: () =>
      new Promise<boolean>((resolve) => {
        const c = connect(port, "127.0.0.1", () => resolve(true));
        c.on("error", () => resolve(false));
        c.on("close", () => c.destroy());
      }),
  });
  expect(await died).toMatchObject({ name: "api", code: 7, lastLines: ["oops"] });
  await sup.stopAll();
});

test("a taken port is named in one line", async () => {
  const port = await freePort();
  const holder = createServer().listen(port, "127.0.0.1");
  await new Promise((r) => holder.once("listening", r));
  const taken = await takenPorts([{ port, proto: "tcp", owner: "api" }]);
  expect(taken.map(describeTaken)).toEqual([`port ${port}/tcp on 127.0.0.1 is taken (needed by api)`]);
  holder.close();
});

test("the leash stops a child whose supervisor died, even by SIGKILL", async () => {
  const { spawn } = await import("node:child_process");
  const { join } = await import("node:path");
  const { pathToFileURL } = await import("node:url");
  const port = await freePort();
  const leash = pathToFileURL(join(process.cwd(), "packages", "stack", "leash.mjs")).href;
  // A middle process spawns a leashed server, prints its pid, and is then SIGKILLed.
  const middle = spawn(node, [
    "-e",
    `const c=require('child_process').spawn(process.execPath,['--import','${leash}','-e',
      "require('net').createServer().listen(${port},'127.0.0.1');process.on('SIGTERM',()=>process.exit(0))"],{stdio:'ignore'});
     console.log(c.pid);setInterval(()=>{},1000);`,
  ]);
  const childPid = await new Promise<number>((r) =>
    middle.stdout.once("data", (d) => r(Number(String(d).trim()))),
  );
  const until = async (cond: () => Promise<boolean>) => {
    for (let i = 0; i < 50 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 100));
  };
  await until(listening(port));
  middle.kill("SIGKILL");
  const alive = () => {
    try {
      process.kill(childPid, 0);
      return true;
    } catch {
      return false;
    }
  };
  await until(async () => !alive());
  expect(alive()).toBe(false);
  expect(await portIsFree({ port, proto: "tcp", owner: "t" })).toBe(true);
});
