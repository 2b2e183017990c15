import { diffFlows } from "./diff.js";

const base = {
  version: 1,
  name: "A",
  entry: "start",
  nodes: {
    start: { type: "start", next: "menu" },
    menu: { type: "menu", prompt: { text: "hi" }, options: { "1": "bye" } },
    bye: { type: "hangup" },
  },
  layout: { start: { x: 0, y: 0 } },
};

test("reports added, removed and changed nodes with their fields, ignoring layout", () => {
  const next = {
    ...base,
    layout: { start: { x: 100, y: 40 } },
    nodes: {
      start: base.nodes.start,
      menu: { ...base.nodes.menu, options: { "1": "bye", "2": "vm" } },
      vm: { type: "voicemail", mailbox: "x" },
    },
  };
  expect(diffFlows(base, next)).toEqual({
    added: ["vm"],
    removed: ["bye"],
    changed: [{ id: "menu", fields: ["options"] }],
    document: [],
  });
});

test("a pure layout move is no change; entry and settings are document changes", () => {
  expect(diffFlows(base, { ...base, layout: { start: { x: 5, y: 5 } } })).toEqual({
    added: [],
    removed: [],
    changed: [],
    document: [],
  });
  expect(
    diffFlows(base, { ...base, entry: "menu", settings: { testCallers: ["+15550001"] } }).document,
  ).toEqual(["entry", "settings"]);
});
