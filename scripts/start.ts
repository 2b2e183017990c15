// `pnpm start [--reset] [--no-designer]`: the whole of Ringflow on this machine. Starts the
// functions process (dynalite, s3rver, Lambda Invoke endpoint, HTTP API; demo seeded), the SIP
// edge and the designer, each once the previous answers its health check; prints where
// everything is; Ctrl-C or SIGTERM stops them in reverse order (the edge drains first).
import { chmodSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import {
  describeTaken,
  designerChild,
  edgeChild,
  functionsChild,
  portNeeds,
  portsFromEnv,
  readyBanner,
  StackConfigError,
  type StackOptions,
  StartError,
  Supervisor,
  type SupervisorEvent,
  takenPorts,
} from "@ringflow/stack";

const COLORS: Record<string, string> = { functions: "36", edge: "35", designer: "33", stack: "32" };
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const prefix = (name: string) => {
  const tag = `[${name}]`.padEnd(12);
  return color ? `\x1b[${COLORS[name] ?? "0"}m${tag}\x1b[0m` : tag;
};
const say = (line: string) => console.log(`${prefix("stack")}${line}`);

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let opts: StackOptions;
  try {
    opts = {
      root: process.cwd(),
      dataDir: resolve(process.env.RINGFLOW_DATA_DIR ?? ".data"),
      ports: portsFromEnv(process.env),
      host: process.env.RINGFLOW_HOST ?? "127.0.0.1",
      reset: argv.includes("--reset"),
      designer: !argv.includes("--no-designer"),
    };
  } catch (e) {
    if (e instanceof StackConfigError) {
      console.error(`ringflow: ${e.message}`);
      return 2;
    }
    throw e;
  }
  // The data dir holds the demo key and every tenant's data: this user's only.
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(opts.dataDir, 0o700);

  const taken = await takenPorts(portNeeds(opts));
  if (taken.length > 0) {
    for (const t of taken) console.error(`ringflow: ${describeTaken(t)}`);
    return 1;
  }

  let resolveDeath: (code: number) => void = () => {};
  const died = new Promise<number>((r) => {
    resolveDeath = r;
  });
  const sup = new Supervisor((e: SupervisorEvent) => {
    if (e.kind === "log") console.log(`${prefix(e.name)}${e.line}`);
    else if (e.kind === "ready") say(`${e.name} is ready (${e.ms} ms)`);
    else if (e.kind === "died") {
      say(`${e.name} died (exit ${e.code ?? e.signal}); its last lines:`);
      for (const l of e.lastLines.slice(-15)) console.error(`${prefix(e.name)}${l}`);
      resolveDeath(1);
    }
  });
  let signalled = false;
  const onSignal = (sig: string) => {
    if (signalled) return;
    signalled = true;
    say(`${sig}: stopping (the edge drains its calls first)`);
    resolveDeath(0);
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));

  try {
    await sup.start(functionsChild(opts));
    await sup.start(edgeChild(opts));
    if (opts.designer) await sup.start(designerChild(opts));
  } catch (e) {
    if (e instanceof StartError) {
      say(`${e.message}; its last lines:`);
      for (const l of e.lastLines.slice(-15)) console.error(`${prefix(e.child)}${l}`);
      await sup.stopAll();
      return 1;
    }
    await sup.stopAll();
    throw e;
  }
  if (!signalled) console.log(readyBanner(opts));
  const code = await died;
  await sup.stopAll();
  say("stopped");
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`ringflow: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
