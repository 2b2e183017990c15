#!/usr/bin/env node
// Makes sure the Debian tools the end-to-end tests drive are on this machine.
// As root with apt-get it installs what is missing; otherwise it says what is missing.
// Under CI=true a tool that is still missing fails the run (tests must not silently skip).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const tools = [
  { bin: "sipp", pkg: "sip-tester" },
  { bin: "kamailio", pkg: "kamailio" },
  // Kamailio's http_client module, for the edge benchmark's whole-path peer.
  { file: "/usr/lib/x86_64-linux-gnu/kamailio/modules/http_client.so", pkg: "kamailio-utils-modules" },
  { bin: "baresip", pkg: "baresip-core" },
  { bin: "chromium", pkg: "chromium" },
  { bin: "tshark", pkg: "tshark" },
  { bin: "espeak-ng", pkg: "espeak-ng" },
  { bin: "sox", pkg: "sox" },
];

const onPath = (bin) => spawnSync("sh", ["-c", `command -v ${bin}`], { stdio: "ignore" }).status === 0;
const has = (t) => (t.bin ? onPath(t.bin) : existsSync(t.file));
let missing = tools.filter((t) => !has(t));
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

if (missing.length > 0 && isRoot && onPath("apt-get")) {
  const pkgs = missing.map((t) => t.pkg);
  console.log(`ensure-tools: installing ${pkgs.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...pkgs], {
      stdio: "inherit",
      env,
    });
  } catch (err) {
    console.error(`ensure-tools: apt-get failed: ${err.message}`);
  }
  missing = tools.filter((t) => !has(t));
}

if (missing.length > 0) {
  const list = missing.map((t) => `${t.bin ?? t.file} (Debian ${t.pkg})`).join(", ");
  if (process.env.CI === "true") {
    console.error(`ensure-tools: missing under CI: ${list}`);
    process.exit(1);
  }
  console.warn(`ensure-tools: missing ${list}; tests that need them will be skipped (never under CI=true)`);
}
