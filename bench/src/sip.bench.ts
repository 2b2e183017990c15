// `pnpm bench sip [--quick]`: SIP message parsing, sip-core against the npm `sip` package,
// jssip's parser and a naive split-lines floor, on the same INVITE with SDP and 200 OK.
// Measured in child processes with CPU time (the machine is shared): sip-core, npm sip and the
// floor interleave their rounds in one process (so load hits them alike), jssip runs alone;
// figures are medians over rounds and passes.
// Prints ns/message per job and the ratio of each peer to sip-core, memory per parsed
// message, and last the one-line JSON report (ours/peers = parse + read of every hot header).
import { spawnSync } from "node:child_process";
import { INVITE, OK200 } from "@ringflow/sip-core/fixtures";
import { report } from "./report.js";
import { CONTENDERS, type Contender, naiveFloor, sipCore } from "./sip/contenders.js";
import { bytesPerMessage, calibrate, consume, median, round } from "./sip/measure.js";
import { redirectCpuPerCall } from "./sip/redirect.js";

const quick = process.argv.includes("--quick");
const ROUND_MS = quick ? 60 : 150;
const ROUNDS = quick ? 3 : 5;
const PASSES = quick ? 1 : 3;
const inputs = [INVITE, OK200];

type Job = "parse" | "parse+serialize" | "parse+read";
const JOBS: Job[] = ["parse", "parse+serialize", "parse+read"];

interface WorkerResult {
  name: string;
  ns: Record<Job, number | null>;
  /** parse+read ns per round, in round order (rounds interleave every cell of the process). */
  readRounds: number[];
  bytes: number;
  /** sip-core only: CPU µs for one redirected call (INVITE in, 302 out, ACK in, Timer I). */
  redirectUs?: number;
}

function pick(c: Contender, job: Job): ((b: Buffer) => unknown) | null {
  return job === "parse" ? c.parse : job === "parse+serialize" ? c.parseSerialize : c.parseRead;
}

/**
 * In the child: time some contenders' jobs, rounds interleaved across all their cells so
 * load from other processes hits them alike, then memory per message for each.
 */
function worker(names: string[]): WorkerResult[] {
  const cs = names.map((n) => CONTENDERS.find((x) => x.name === n)!);
  // every contender must accept the inputs before anything is timed
  for (const c of cs) for (const b of inputs) consume(c.parseRead(b));
  const cells = cs.flatMap((c) =>
    JOBS.map((job) => {
      const fn = pick(c, job);
      return { c, job, cell: fn ? calibrate(fn, inputs, ROUND_MS) : null };
    }),
  );
  for (let r = 0; r < ROUNDS; r++) for (const x of cells) if (x.cell) round(x.cell, inputs);
  return cs.map((c) => {
    const ns = { parse: null, "parse+serialize": null, "parse+read": null } as Record<Job, number | null>;
    for (const x of cells) if (x.c === c) ns[x.job] = x.cell ? median(x.cell.samples) : null;
    const readRounds = cells.find((x) => x.c === c && x.job === "parse+read")!.cell!.samples;
    // memory: the message kept with its hot headers read (what a transaction holds on to),
    // for every contender alike: lazy parsers keep what reading typed
    const keep = (b: Buffer) => {
      const m = c.parse(b);
      consume(c.read(m));
      return m;
    };
    const bytes = bytesPerMessage(keep, inputs, quick ? 5_000 : 20_000);
    if (c !== sipCore) return { name: c.name, ns, readRounds, bytes };
    return { name: c.name, ns, readRounds, bytes, redirectUs: redirectCpuPerCall(quick ? 5_000 : 20_000) };
  });
}

// jssip is 20-80x slower and allocates heavily: it gets its own process so its garbage does
// not land in the others' CPU time; the rest share one process and interleave.
const GROUPS = [CONTENDERS.filter((c) => c.name !== "jssip").map((c) => c.name), ["jssip"]];

const workerArg = process.argv.find((a) => a.startsWith("--worker="));
if (workerArg) {
  console.log(JSON.stringify(worker(workerArg.slice("--worker=".length).split(","))));
} else {
  const runs = new Map<string, WorkerResult[]>();
  for (let p = 0; p < PASSES; p++) {
    for (const group of GROUPS) {
      const r = spawnSync(
        process.execPath,
        [...process.execArgv, process.argv[1]!, `--worker=${group.join(",")}`, ...(quick ? ["--quick"] : [])],
        { encoding: "utf8" },
      );
      if (r.status !== 0) throw new Error(`worker ${group.join(",")} failed: ${r.stderr}`);
      const line = r.stdout.trim().split("\n").pop()!;
      for (const w of JSON.parse(line) as WorkerResult[]) runs.set(w.name, [...(runs.get(w.name) ?? []), w]);
    }
  }
  const results = new Map<string, Record<Job, number | null>>();
  const memory: Record<string, number> = {};
  for (const c of CONTENDERS) {
    const rs = runs.get(c.name)!;
    const cell = (j: Job) => (rs[0]!.ns[j] === null ? null : median(rs.map((r) => r.ns[j]!)));
    results.set(c.name, {
      parse: cell("parse"),
      "parse+serialize": cell("parse+serialize"),
      "parse+read": cell("parse+read"),
    });
    memory[c.name] = Math.round(median(rs.map((r) => r.bytes)));
  }

  const fmt = (x: number | null) => (x === null ? "n/a" : x.toFixed(0));
  const ratio = (x: number | null, base: number | null) =>
    x === null || base === null ? "n/a" : `${(x / base).toFixed(2)}x`;
  console.log(
    `SIP parsing, ns of CPU per message (INVITE with SDP ${INVITE.length} B and 200 OK ${OK200.length} B; median of ${PASSES} process(es) x ${ROUNDS} rounds of ~${ROUND_MS} ms)`,
  );
  console.log(
    `${"".padEnd(20)}${JOBS.map((j) => j.padStart(18)).join("")}   peer / sip-core (parse, +serialize, +read)`,
  );
  const ours = results.get(sipCore.name)!;
  for (const c of CONTENDERS) {
    const r = results.get(c.name)!;
    console.log(
      `${c.name.padEnd(20)}${JOBS.map((j) => fmt(r[j]).padStart(18)).join("")}   ${JOBS.map((j) => ratio(r[j], ours[j])).join(", ")}`,
    );
  }
  console.log("what parse+read reads:");
  for (const c of CONTENDERS) console.log(`  ${c.name}: ${c.reads}`);
  console.log(
    `memory retained per parsed message, hot headers read (bytes): ${Object.entries(memory)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  const redirectUs = median(runs.get(sipCore.name)!.map((r) => r.redirectUs!));
  console.log(
    `sip-core stateful 302 (INVITE parsed and screened, 302 built and serialized, ACK matched, Timer I): ${redirectUs.toFixed(1)} CPU-µs per call, ${((redirectUs * 2000) / 10_000).toFixed(1)}% of a core at 2,000 calls/s (sockets not included)`,
  );

  const read = (name: string) => results.get(name)!["parse+read"]!;
  const floor = read(naiveFloor.name);
  const peers: Record<string, number> = {};
  for (const c of CONTENDERS) if (c !== sipCore) peers[c.name] = Math.round(read(c.name));
  const npmPeers = CONTENDERS.filter((c) => c !== sipCore && c !== naiveFloor);
  const fasterThanAll = npmPeers.every((c) =>
    JOBS.every((j) => results.get(c.name)![j] === null || results.get(c.name)![j]! > ours[j]!),
  );
  // The floor ratio pairs each round's sip-core and floor figures (measured within a second
  // of each other in one process) and takes the median of those ratios: on this shared box a
  // burst of load from other processes inflates whichever cells it lands on, and a ratio of
  // two medians taken over different rounds moves with it (1.2x-2.7x seen in one hour).
  const paired: number[] = [];
  const oursRuns = runs.get(sipCore.name)!;
  const floorRuns = runs.get(naiveFloor.name)!;
  for (let p = 0; p < oursRuns.length; p++) {
    const o = oursRuns[p]!.readRounds;
    const f = floorRuns[p]!.readRounds;
    for (let r = 0; r < Math.min(o.length, f.length); r++) paired.push(o[r]! / f[r]!);
  }
  const floorRatio = median(paired);
  const ratioOfMedians = read(sipCore.name) / floor;
  console.log(
    `goal: faster than every npm peer in every job: ${fasterThanAll ? "yes" : "NO"}; parse+read within 2x of the naive floor: ${floorRatio <= 2 ? "yes" : "NO"} (${floorRatio.toFixed(2)}x, median of ${paired.length} paired rounds, range ${Math.min(...paired).toFixed(2)}-${Math.max(...paired).toFixed(2)}; ratio of the medians above ${ratioOfMedians.toFixed(2)}x; parse alone ${(ours.parse! / results.get(naiveFloor.name)!.parse!).toFixed(2)}x)`,
  );
  report({
    bench: "sip",
    unit: "ns/message (CPU, parse + read every hot header)",
    ours: Math.round(read(sipCore.name)),
    peers,
    goal: "faster than every npm peer; within 2x of the naive split-lines floor",
    goalMet: { fasterThanEveryNpmPeer: fasterThanAll, withinTwiceTheFloor: floorRatio <= 2 },
    floorRatio: Number(floorRatio.toFixed(2)),
    floorRatioOfMedians: Number(ratioOfMedians.toFixed(2)),
    floorRatioParse: Number((ours.parse! / results.get(naiveFloor.name)!.parse!).toFixed(2)),
    jobs: Object.fromEntries(
      [...results].map(([k, v]) => [
        k,
        Object.fromEntries(Object.entries(v).map(([j, x]) => [j, x === null ? null : Math.round(x)])),
      ]),
    ),
    ratiosToOurs: Object.fromEntries(
      Object.entries(peers).map(([k, v]) => [k, Number((v / read(sipCore.name)).toFixed(2))]),
    ),
    bytesPerMessage: memory,
    redirect302CpuUsPerCall: Number(redirectUs.toFixed(1)),
  });
}
