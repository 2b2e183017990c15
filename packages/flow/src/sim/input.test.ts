import { parseSimInput, parseSimInputs, SimInputError } from "./input.js";

test("the text syntax covers digits, silence, forward outcomes, decisions and hangup", () => {
  expect(
    parseSimInputs([
      "1",
      "123#,silence",
      "busy,no-answer,noAnswer",
      "decision:vip?tier=gold&n=1",
      "decision-timeout",
      "hangup",
    ]),
  ).toEqual([
    { digits: "1" },
    { digits: "123#" },
    { silence: true },
    { forward: "busy" },
    { forward: "noAnswer" },
    { forward: "noAnswer" },
    { decision: "vip", variables: { tier: "gold", n: "1" } },
    { decisionError: "timeout" },
    { hangup: true },
  ]);
});

test("anything else is a typed error naming the input", () => {
  expect(() => parseSimInput("press one")).toThrow(SimInputError);
  expect(() => parseSimInput("decision:")).toThrow(
    expect.objectContaining({ code: "invalid_input", input: "decision:" }),
  );
});
