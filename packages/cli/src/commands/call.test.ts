import { CliError } from "../output.js";
import { run } from "./call.js";

// The pcap download itself runs against the API in packages/stack's rtp-capture e2e test.
test.each([
  [["show", "c1", "--rtp"]],
  [["show", "c1", "--out", "x.pcap"]],
  [["show", "c1", "--pcap", "--ladder"]],
  [["show", "c1", "c2", "--pcap"]],
])("usage errors before any request: %j", async (args) => {
  await expect(run(args)).rejects.toMatchObject({ code: "usage" });
  await expect(run(args)).rejects.toBeInstanceOf(CliError);
});
