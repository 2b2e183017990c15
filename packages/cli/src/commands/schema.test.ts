import { main } from "../main.js";
import { run } from "./schema.js";
import { capture } from "./validate-capture.js";

test("prints the flow schema by default and the protocol schema on request", async () => {
  const flow = await capture(() => run([]));
  expect(flow.code).toBe(0);
  expect(flow.json).toMatchObject({
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
  });
  const protocol = await capture(() => run(["protocol"]));
  expect(Object.keys((protocol.json as { $defs: object }).$defs)).toContain("DecisionEvent");
});

test("an unknown schema name is a usage error", async () => {
  expect(await capture(() => main(["schema", "nope"]))).toMatchObject({ code: 2, json: { error: "usage" } });
});
