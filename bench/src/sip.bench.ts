// `pnpm bench sip [--quick]`: SIP message parsing, sip-core against the npm `sip` package,
// jssip's parser and a naive split-lines floor, on the same INVITE with SDP and 200 OK.
// Prints ns/message per job and the ratio of each peer to sip-core, memory per parsed
// message, and last the one-line JSON report (ours/peers = parse + read of every hot header).
import { report } from "./report.js";
import { CONTENDERS, type Contender, naiveFloor, sipCore } from "./sip/contenders.js";
import { bytesPerMessage, consume, nsPerCall } from "./sip/measure.js";
import { INVITE, OK200 } from "./sip/messages.js";

const quick = process.argv.includes("--quick");
const N = quick ? 20_000 : 100_000;
const ROUNDS = quick ? 3 : 7;
const inputs = [INVITE, OK200];

// every contender must agree that the inputs parse before we time anything
for (const c of CONTENDERS) for (const b of inputs) consume(c.parseRead(b));

type Job = "parse" | "parse+serialize" | "parse+read";
const jobs: Array<[Job, (c: Contender) => ((b: Buffer) => unknown) | null]> = [
  ["parse", (c) => c.parse],
  ["parse+serialize", (c) => c.parseSerialize],
  ["parse+read", (c) => c.parseRead],
];

const results = new Map<string, Record<Job, number | null>>();
for (const c of CONTENDERS) results.set(c.name, { parse: null, "parse+serialize": null, "parse+read": null });
// interleave contenders per job so drift (thermal, GC) hits all alike
for (const [job, pick] of jobs) {
  for (const c of CONTENDERS) {
    const fn = pick(c);
    results.get(c.name)![job] = fn ? nsPerCall(fn, inputs, N, ROUNDS) : null;
  }
}

const fmt = (x: number | null) => (x === null ? "n/a" : x.toFixed(0));
const ratio = (x: number | null, base: number | null) =>
  x === null || base === null ? "n/a" : `${(x / base).toFixed(2)}x`;
console.log(
  `SIP parsing, ns/message (INVITE with SDP ${INVITE.length} B and 200 OK ${OK200.length} B, median of ${ROUNDS} x ${N})`,
);
console.log(
  `${"".padEnd(20)}${jobs.map(([j]) => j.padStart(18)).join("")}   ratio to sip-core (parse / +serialize / +read)`,
);
const ours = results.get(sipCore.name)!;
for (const c of CONTENDERS) {
  const r = results.get(c.name)!;
  const ratios = jobs.map(([j]) => ratio(r[j], ours[j])).join(" / ");
  console.log(`${c.name.padEnd(20)}${jobs.map(([j]) => fmt(r[j]).padStart(18)).join("")}   ${ratios}`);
}

const memCount = quick ? 5_000 : 20_000;
const memory: Record<string, number> = {};
for (const c of CONTENDERS) {
  // keep the message itself with its hot headers read (what a transaction holds on to)
  const fn =
    c === sipCore
      ? (b: Buffer) => {
          const m = sipCore.parse(b);
          sipCore.parseRead(b);
          return m;
        }
      : c.parse;
  memory[c.name] = Math.round(bytesPerMessage(fn, inputs, memCount));
}
console.log(
  `memory retained per parsed message (bytes): ${Object.entries(memory)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}`,
);

const read = (name: string) => results.get(name)!["parse+read"]!;
const floor = read(naiveFloor.name);
const peers: Record<string, number> = {};
for (const c of CONTENDERS) if (c !== sipCore) peers[c.name] = Math.round(read(c.name));
const fasterThanAll = CONTENDERS.filter((c) => c !== sipCore && c !== naiveFloor).every(
  (c) => read(c.name) > read(sipCore.name),
);
console.log(
  `goal: faster than every npm peer: ${fasterThanAll ? "yes" : "NO"}; within 2x of the naive floor while typing hot headers: ${read(sipCore.name) / floor <= 2 ? "yes" : "NO"} (${(read(sipCore.name) / floor).toFixed(2)}x)`,
);
report({
  bench: "sip",
  unit: "ns/message (parse + read every hot header)",
  ours: Math.round(read(sipCore.name)),
  peers,
  goal: "faster than every npm peer; within 2x of the naive split-lines floor",
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
});
