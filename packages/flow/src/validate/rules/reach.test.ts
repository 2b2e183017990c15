import { flow, runRule, start } from "../../testing/flows.js";
import type { ValidationPolicy } from "../rule.js";
import { reach } from "./reach.js";

const fwd = (uris: string[], settings?: Record<string, unknown>) =>
  flow(
    {
      start: start("f"),
      f: { type: "forward", mode: "bridge", targets: uris.map((uri) => ({ uri })) },
    },
    settings as never,
  );
const policy: ValidationPolicy = {
  edgeHosts: ["sip.ringflow.example", "127.0.0.1:5060"],
  ownNumbers: ["+15550100", "+15550101"],
};
const codes = (f: ReturnType<typeof fwd>, p = policy) =>
  runRule(reach, f, p).map((i) => `${i.code}@${i.path.join(".")}`);

test("a target at the edge itself, or the tenant's own number through the edge, is a call loop", () => {
  expect(
    codes(
      fwd([
        "sip:+15550100@sip.ringflow.example",
        "sip:anyone@SIP.Ringflow.Example:5070",
        "sip:x@127.0.0.1",
        "+15550101",
        "+15559999",
        "sips:bob@example.com",
      ]),
    ),
  ).toEqual([
    "call_loop@nodes.f.targets.0.uri",
    "call_loop@nodes.f.targets.1.uri",
    "call_loop@nodes.f.targets.2.uri",
    "call_loop@nodes.f.targets.3.uri",
  ]);
  // Through an outside trunk an own number is not the edge (the run-time marker covers trunks that loop back).
  expect(codes(fwd(["+15550100"], { trunkHost: "trunk.example.com" }))).toEqual([]);
  expect(codes(fwd(["+15550100"], { trunkHost: "sip.ringflow.example" }))).toEqual([
    "call_loop@nodes.f.targets.0.uri",
  ]);
});

test("loopback, private and link-local targets are refused unless the deployment allows them", () => {
  const internal = [
    "sip:a@127.0.0.1:5070",
    "sip:a@10.1.2.3",
    "sip:a@172.20.0.1",
    "sip:a@192.168.1.1",
    "sip:a@169.254.169.254:80",
    "sip:a@[::1]:5070",
    "sip:a@[fe80::1]",
    "sip:a@[fd00::1]",
    "sip:a@localhost:5070",
    "sip:a@0.0.0.0",
  ];
  expect(codes(fwd(internal))).toEqual(internal.map((_, i) => `internal_target@nodes.f.targets.${i}.uri`));
  expect(codes(fwd(internal), { ...policy, allowPrivateTargets: true })).toEqual([]);
  expect(
    codes(fwd(["sip:a@8.8.8.8", "sip:a@172.32.0.1", "sip:a@[2001:db8::1]", "sip:a@pbx.example.com"])),
  ).toEqual([]);
  expect(codes(fwd(["+15559999"], { trunkHost: "10.0.0.5:5060" }))).toEqual([
    "internal_target@settings.trunkHost",
  ]);
});

test("without a policy (offline validation) nothing is checked", () => {
  expect(runRule(reach, fwd(["sip:x@127.0.0.1"]))).toEqual([]);
});
