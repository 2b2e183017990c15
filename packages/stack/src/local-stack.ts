import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { LOCAL_INVOKE } from "@ringflow/names";
import type { PortNeed } from "./ports.js";
import type { ChildSpec } from "./supervisor.js";

/** Every port of the local stack; each can be moved by an environment variable. */
export interface StackPorts {
  sip: number;
  edgeHealth: number;
  api: number;
  invoke: number;
  dynamodb: number;
  s3: number;
  designer: number;
}

export const DEFAULT_PORTS: StackPorts = {
  sip: 5060,
  edgeHealth: 8061,
  api: 8787,
  invoke: 9001,
  dynamodb: 8000,
  s3: 4569,
  designer: 5173,
};

const PORT_ENV: Record<keyof StackPorts, string> = {
  sip: "RINGFLOW_SIP_PORT",
  edgeHealth: "RINGFLOW_EDGE_HEALTH_PORT",
  api: "RINGFLOW_API_PORT",
  invoke: "RINGFLOW_INVOKE_PORT",
  dynamodb: "RINGFLOW_DYNAMODB_PORT",
  s3: "RINGFLOW_S3_PORT",
  designer: "RINGFLOW_DESIGNER_PORT",
};

export class StackConfigError extends Error {
  readonly code = "bad_port";
}

export function portsFromEnv(env: NodeJS.ProcessEnv): StackPorts {
  const ports = { ...DEFAULT_PORTS };
  for (const key of Object.keys(PORT_ENV) as (keyof StackPorts)[]) {
    const raw = env[PORT_ENV[key]];
    if (raw === undefined || raw === "") continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      throw new StackConfigError(`${PORT_ENV[key]}=${raw} is not a port number`);
    }
    ports[key] = n;
  }
  return ports;
}

export interface StackOptions {
  root: string;
  dataDir: string;
  ports: StackPorts;
  host: string;
  reset: boolean;
  /** Start the designer's dev server (off for headless runs that do not need it). */
  designer: boolean;
}

export function portNeeds(o: StackOptions): PortNeed[] {
  const p = o.ports;
  const needs: PortNeed[] = [
    { port: p.dynamodb, proto: "tcp", owner: "DynamoDB (dynalite)" },
    { port: p.s3, proto: "tcp", owner: "S3 (s3rver)" },
    { port: p.invoke, proto: "tcp", owner: "Lambda Invoke endpoint" },
    { port: p.api, proto: "tcp", owner: "HTTP API" },
    { port: p.sip, proto: "udp", owner: "SIP edge" },
    { port: p.sip, proto: "tcp", owner: "SIP edge" },
    { port: p.edgeHealth, proto: "tcp", owner: "SIP edge health" },
  ];
  if (o.designer) needs.push({ port: p.designer, proto: "tcp", owner: "designer" });
  return needs.map((n) => ({ ...n, host: o.host }));
}

/** GET url answers 2xx. */
export async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Node flags every child gets: the leash (stop when the supervisor is gone), quiet SDK notices. */
const nodeFlags = (root: string) => [
  "--import",
  pathToFileURL(join(root, "packages", "stack", "leash.mjs")).href,
  "--disable-warning=NodeVersionSupportWarning",
];

const tsNode = (root: string, entry: string, args: string[]): Pick<ChildSpec, "command" | "args"> => ({
  command: process.execPath,
  args: [...nodeFlags(root), "--import", "tsx", "--conditions=@ringflow/source", join(root, entry), ...args],
});

export const urls = (o: StackOptions) => ({
  api: `http://${o.host}:${o.ports.api}`,
  invoke: `http://${o.host}:${o.ports.invoke}`,
  designer: `http://${o.host}:${o.ports.designer}`,
  edgeHealth: `http://${o.host}:${o.ports.edgeHealth}/health`,
});

export const demoKeyFile = (o: StackOptions) => join(o.dataDir, "demo-api-key");

/** The functions process: dynalite, s3rver, the Invoke endpoint and the API, demo seeded. */
export function functionsChild(o: StackOptions): ChildSpec {
  const p = o.ports;
  return {
    name: "functions",
    ...tsNode(o.root, "functions/src/local/main.ts", [
      "--host",
      o.host,
      "--api-port",
      String(p.api),
      "--invoke-port",
      String(p.invoke),
      "--dynamodb-port",
      String(p.dynamodb),
      "--s3-port",
      String(p.s3),
      "--data-dir",
      o.dataDir,
      ...(o.reset ? ["--reset"] : []),
    ]),
    env: { NODE_OPTIONS: "--openssl-legacy-provider" },
    healthy: () => httpOk(`${urls(o).api}/v1/health`),
    startTimeoutMs: 90_000,
  };
}

export function edgeChild(o: StackOptions): ChildSpec {
  return {
    name: "edge",
    ...tsNode(o.root, "edge/src/main.ts", [
      "--listen",
      `${o.host}:${o.ports.sip}`,
      "--advertise",
      `${o.host}:${o.ports.sip}`,
      "--invoke-endpoint",
      urls(o).invoke,
      // The functions process wrote it; the Invoke endpoint refuses unsigned and forged invokes.
      "--invoke-secret-file",
      join(o.dataDir, LOCAL_INVOKE.secretFile),
      "--health-port",
      String(o.ports.edgeHealth),
      // Prompts are read and recordings written on the stack's s3rver.
      "--s3-endpoint",
      `http://${o.host}:${o.ports.s3}`,
    ]),
    healthy: () => httpOk(urls(o).edgeHealth),
    // The edge drains calls in progress on SIGTERM.
    stopTimeoutMs: 65_000,
  };
}

export function designerChild(o: StackOptions): ChildSpec {
  const key = readFileSync(demoKeyFile(o), "utf8").trim();
  return {
    name: "designer",
    command: process.execPath,
    args: [
      ...nodeFlags(o.root),
      join(o.root, "designer", "node_modules", "vite", "bin", "vite.js"),
      "--host",
      o.host,
      "--port",
      String(o.ports.designer),
      "--strictPort",
    ],
    cwd: join(o.root, "designer"),
    env: { VITE_RINGFLOW_API: urls(o).api, VITE_RINGFLOW_KEY: key },
    healthy: () => httpOk(urls(o).designer),
  };
}

/**
 * The block printed once everything is up. The key appears once (a terminal's scrollback and a
 * shared screen are places keys leak from): the designer already has it for the local API (its
 * build-time default) and the CLI reads it from the key file.
 */
export function readyBanner(o: StackOptions): string {
  const u = urls(o);
  const key = readFileSync(demoKeyFile(o), "utf8").trim();
  const sip = `${o.host}:${o.ports.sip}`;
  const lines = [
    "",
    "Ringflow is up",
    o.designer ? `  designer   ${u.designer}/` : "  designer   (not started: --no-designer)",
    `  API        ${u.api}/v1  (reference: ${u.api}/v1/reference, OpenAPI: ${u.api}/v1/openapi.json)`,
    `  API key    ${key}   (also in ${demoKeyFile(o)})`,
    `  SIP edge   ${sip} udp+tcp`,
    "  numbers    +15550100 reception menu (hours, menu, forward, voicemail)",
    `             +15550101 redirect (302 to sip:demo@127.0.0.1:5070)`,
    `  call it    sipp -sf examples/sipp/redirected-to-demo.sipp.xml -s +15550101 -m 1 ${sip}`,
    `  CLI        RINGFLOW_API=${u.api} RINGFLOW_KEY=$(cat ${demoKeyFile(o)}) npx -y pnpm@12.4.2 ringflow calls`,
    "  stop       Ctrl-C",
    "",
  ];
  return lines.join("\n");
}
