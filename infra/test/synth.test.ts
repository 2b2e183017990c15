import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The smoke test: infra/cdk.json's `app` command, as `cdk synth` runs it, synthesizes both
// stages offline into CDK_OUTDIR, bundling every function with the local esbuild (no Docker,
// no AWS account, no CDK CLI); each bundle loads and exports its handler.

const infra = join(process.cwd(), "infra");
const out = mkdtempSync(join(tmpdir(), "ringflow-cdk-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function runApp(): Promise<{ code: number; output: string }> {
  const { app } = JSON.parse(readFileSync(join(infra, "cdk.json"), "utf8")) as { app: string };
  const env: NodeJS.ProcessEnv = { ...process.env, CDK_OUTDIR: out };
  delete env.CDK_DEFAULT_ACCOUNT;
  delete env.CDK_DEFAULT_REGION;
  const child = spawn("sh", ["-c", app], { cwd: infra, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code: code ?? 1, output })));
}

test("cdk.json's app synthesizes Dev and Prod offline with real bundling, honouring CDK_OUTDIR", async () => {
  const { code, output } = await runApp();
  expect({ code, tail: output.slice(-2000) }).toMatchObject({ code: 0 });
  expect(existsSync(join(out, "manifest.json"))).toBe(true);
  const assemblies = readdirSync(out).filter((d) => d.startsWith("assembly-"));
  expect(assemblies.sort()).toEqual(["assembly-Dev", "assembly-Prod"]);
  const stacks = readdirSync(join(out, "assembly-Dev")).filter((f) => f.endsWith(".template.json"));
  expect(stacks.map((s) => s.replace(/^Dev|[0-9A-F]{8}\.template\.json$/g, "")).sort()).toEqual(
    ["Api", "Data", "Edge", "Functions", "Observability", "Site", "Web"].sort(),
  );

  // Every function's bundle (decision, traces, api, prompts) loads and exports `handler`. The AWS SDK
  // is provided by the Lambda runtime, so it resolves from functions/ here.
  const bundles = readdirSync(out).filter((d) => existsSync(join(out, d, "index.js")));
  expect(bundles.length).toBeGreaterThanOrEqual(4);
  for (const b of bundles) {
    const kind = execFileSync(
      process.execPath,
      ["-e", "process.stdout.write(typeof require('./index.js').handler)"],
      {
        cwd: join(out, b),
        env: {
          ...process.env,
          TABLE_NAME: "t",
          PROMPTS_BUCKET: "b",
          NODE_PATH: join(process.cwd(), "functions", "node_modules"),
        },
        stdio: ["ignore", "pipe", "ignore"],
      },
    ).toString();
    expect(kind).toBe("function");
  }

  // The edge image's build context: edge/Dockerfile and sources, never node_modules.
  const context = readdirSync(out).find((d) => existsSync(join(out, d, "edge", "Dockerfile")));
  expect(context).toBeDefined();
  const ctx = join(out, context as string);
  expect(existsSync(join(ctx, "node_modules"))).toBe(false);
  expect(existsSync(join(ctx, "edge", "node_modules"))).toBe(false);
  expect(existsSync(join(ctx, "packages", "sip-core", "src"))).toBe(true);
}, 180_000);
