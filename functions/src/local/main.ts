// The functions process of the local stack: dynalite, s3rver, the Lambda Invoke endpoint and the
// HTTP API in this one Node process, the demo tenant seeded. Prints one READY line (JSON) when
// everything answers; stops cleanly on SIGTERM/SIGINT.
//
//   node --import tsx --conditions=@ringflow/source functions/src/local/main.ts [flags]
//
// Flags (or environment): --host (RINGFLOW_HOST, 127.0.0.1), --api-port (RINGFLOW_API_PORT, 8787),
// --invoke-port (RINGFLOW_INVOKE_PORT, 9001), --dynamodb-port (RINGFLOW_DYNAMODB_PORT, 8000),
// --s3-port (RINGFLOW_S3_PORT, 4569), --data-dir (RINGFLOW_DATA_DIR, .data), --reset (wipe the
// data first), --in-memory (DynamoDB not persisted). Health: GET <api>/v1/health.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LOCAL_INVOKE } from "@ringflow/names";
import pino from "pino";
import { startLocalStack } from "./stack.js";

const argv = process.argv.slice(2);
/** The last `--name value` / `--name=value` wins, then the environment, then the default. */
const flag = (name: string, env: string, fallback: string): string => {
  let value: string | undefined;
  argv.forEach((a, i) => {
    if (a === `--${name}` && argv[i + 1] !== undefined) value = argv[i + 1];
    else if (a.startsWith(`--${name}=`)) value = a.slice(name.length + 3);
  });
  return value ?? process.env[env] ?? fallback;
};
const port = (name: string, env: string, fallback: number) => {
  const v = Number(flag(name, env, String(fallback)));
  if (!Number.isInteger(v) || v < 0 || v > 65535) {
    console.error(`ringflow-functions: --${name} must be a port number`);
    process.exit(2);
  }
  return v;
};

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const host = flag("host", "RINGFLOW_HOST", "127.0.0.1");
const dataDir = resolve(flag("data-dir", "RINGFLOW_DATA_DIR", ".data"));
// Every tenant's data and the demo key live here: readable by this user only.
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
chmodSync(dataDir, 0o700);
/** RINGFLOW_EDGE_HOSTS (comma-separated host[:port]), else this host and localhost at the SIP port. */
function edgeHosts(): string[] {
  const listed = process.env.RINGFLOW_EDGE_HOSTS?.split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  if (listed?.length) return listed;
  const sip = process.env.RINGFLOW_SIP_PORT ?? "5060";
  return [`${host}:${sip}`, `localhost:${sip}`, `127.0.0.1:${sip}`];
}

const log = pino({ level: process.env.LOG_LEVEL ?? "info", base: { svc: "functions" } });

if (argv.includes("--reset")) {
  for (const p of ["dynamodb", "s3", "demo-api-key"])
    rmSync(join(dataDir, p), { recursive: true, force: true });
}

/**
 * The Invoke endpoint's secret: made once, kept in the data dir for this user only. The edge reads
 * the same file (--invoke-secret-file) and signs with it; any other process is refused (403).
 */
function invokeSecret(): string {
  const file = join(dataDir, LOCAL_INVOKE.secretFile);
  try {
    const s = readFileSync(file, "utf8").trim();
    if (s.length >= 32) return s;
  } catch {}
  const s = randomBytes(32).toString("hex");
  writeFileSync(file, `${s}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return s;
}

try {
  const stack = await startLocalStack({
    invokeCredentials: { accessKeyId: LOCAL_INVOKE.accessKeyId, secretAccessKey: invokeSecret() },
    host,
    dataDir,
    inMemory: argv.includes("--in-memory"),
    ports: {
      api: port("api-port", "RINGFLOW_API_PORT", 8787),
      invoke: port("invoke-port", "RINGFLOW_INVOKE_PORT", 9001),
      dynamodb: port("dynamodb-port", "RINGFLOW_DYNAMODB_PORT", 8000),
      s3: port("s3-port", "RINGFLOW_S3_PORT", 4569),
    },
    receptionFile: join(repoRoot, "examples", "reception.flow.json"),
    edgeHosts: edgeHosts(),
    log,
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    await stack.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  const ready = {
    ...stack.urls,
    health: `${stack.urls.api}/v1/health`,
    reference: `${stack.urls.api}/v1/reference`,
    functions: [...stack.functions.keys()],
    tenant: stack.seed?.tenantId,
    demoApiKeyFile: stack.seed?.keyFile,
    numbers: stack.seed?.numbers,
  };
  process.stdout.write(`READY ${JSON.stringify(ready)}\n`);
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EADDRINUSE") console.error(`ringflow-functions: ${e.message}`);
  else console.error(`ringflow-functions: failed to start: ${e.message}`);
  process.exit(1);
}
