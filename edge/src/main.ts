// `node dist/edge.mjs [flags]` (the bundle of this file) or, from the sources,
// `node --import tsx --conditions=@ringflow/source edge/src/main.ts [flags]`: runs the edge
// until SIGTERM/SIGINT, then drains (new INVITEs 503, calls in progress finish) and exits.

import { awsPlatform, localPlatform } from "./aws/platform.js";
import { ConfigError, loadConfig, USAGE } from "./config.js";
import { createLogger } from "./log.js";
import { startEdge } from "./service.js";
import { tuneV8ForCalls } from "./v8-tuning.js";

tuneV8ForCalls();

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, argv);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(JSON.stringify({ error: e.code, message: e.message }));
      process.exit(2);
    }
    throw e;
  }
  const platform =
    config.platform === "aws"
      ? awsPlatform({
          env: process.env,
          region: config.region,
          service: config.metricsService,
          write: (line) => process.stdout.write(`${line}\n`),
        })
      : localPlatform;
  if (!config.advertiseSet) {
    const ip = await platform.publicAddress().catch((e: Error) => {
      console.error(JSON.stringify({ warn: "public_address_unknown", message: e.message }));
      return undefined;
    });
    if (ip) config = { ...config, advertisedHost: ip };
  }
  const running = await startEdge(config, { log: createLogger(process.env.LOG_LEVEL ?? "info") });
  const { edge } = running;
  platform.start(edge, running.traces);
  // One line a supervisor (or a test) waits for.
  console.log(
    JSON.stringify({
      ready: true,
      sip: `${config.host}:${edge.port}`,
      transports: ["udp", "tcp"],
      ...(config.tcpPort ? { tcp: `${config.host}:${edge.tcpPort}` } : {}),
      advertised: `${config.advertisedHost}:${config.advertisedPort || edge.port}`,
      health: edge.healthPort || undefined,
      invoke: config.invokeEndpoint ?? "aws",
    }),
  );
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ draining: true, signal, callsInProgress: edge.stats().callsInProgress }));
    await edge.drain();
    await running.close();
    await platform.stop();
    console.log(JSON.stringify({ stopped: true, ...edge.stats() }));
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

void main();
