import type { Flow, FlowNode } from "@ringflow/flow";
import { mergeFlows, same } from "./merge.js";
import { receptionFlow } from "./testflow.js";

const withNode = (f: Flow, id: string, patch: Partial<FlowNode> | undefined): Flow => {
  const nodes = { ...f.nodes };
  if (patch === undefined) delete nodes[id];
  else nodes[id] = { ...(nodes[id] as FlowNode), ...patch } as FlowNode;
  return { ...f, nodes };
};

test("key order does not make documents differ", () => {
  expect(same({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1 })).toBe(true);
  expect(same({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  expect(same({ a: 1 }, { a: 2 })).toBe(false);
});

test("edits that do not touch are kept both: my label, their prompt, their new menu key, my rewire", () => {
  const base = receptionFlow();
  let mine = withNode(base, "sales", { label: "Sales team" });
  mine = withNode(mine, "support", { busy: "bye" } as Partial<FlowNode>);
  let theirs = withNode(base, "menu", {
    prompt: { text: "Hello again." },
    options: { 1: "sales", 2: "support", 3: "voicemail" },
  } as Partial<FlowNode>);
  theirs = { ...theirs, description: "theirs" };
  const { merged, conflicts } = mergeFlows(base, mine, theirs);
  expect(conflicts).toEqual([]);
  expect(merged.nodes.sales?.label).toBe("Sales team");
  expect(merged.nodes.support).toMatchObject({ busy: "bye" });
  expect(merged.nodes.menu).toMatchObject({ prompt: { text: "Hello again." }, options: { 3: "voicemail" } });
  expect(merged.description).toBe("theirs");
  expect(merged.layout).toEqual(base.layout);
});

test("menu keys are merged one by one: I wire 3, they wire 4", () => {
  const base = receptionFlow();
  const mine = withNode(base, "menu", {
    options: { 1: "sales", 2: "support", 3: "bye" },
  } as Partial<FlowNode>);
  const theirs = withNode(base, "menu", {
    options: { 1: "sales", 2: "support", 4: "voicemail" },
  } as Partial<FlowNode>);
  const { merged, conflicts } = mergeFlows(base, mine, theirs);
  expect(conflicts).toEqual([]);
  expect(merged.nodes.menu).toMatchObject({
    options: { 1: "sales", 2: "support", 3: "bye", 4: "voicemail" },
  });
});

test("parts both changed differently are named: the flow name, a prompt, a key, an edited-vs-deleted node", () => {
  const base = receptionFlow();
  let mine = {
    ...withNode(base, "menu", {
      prompt: { text: "Mine" },
      options: { 1: "bye", 2: "support" },
    } as Partial<FlowNode>),
    name: "Mine",
  };
  mine = withNode(mine, "support", { label: "Support (mine)" });
  let theirs = {
    ...withNode(base, "menu", {
      prompt: { text: "Theirs" },
      options: { 1: "voicemail", 2: "support" },
    } as Partial<FlowNode>),
    name: "Theirs",
  };
  theirs = withNode(theirs, "support", undefined);
  theirs = withNode(theirs, "menu", { options: { 1: "voicemail" } } as Partial<FlowNode>);
  const { conflicts } = mergeFlows(base, mine, theirs);
  expect(conflicts.map((c) => [c.part, c.detail])).toEqual(
    expect.arrayContaining([
      ["name", 'you: "Mine", they: "Theirs"'],
      ["Main menu (menu): prompt", "changed by you and by them"],
      ["Main menu (menu) key 1", "you: → bye, they: → voicemail"],
      ["Support (mine) (support)", "you edited it, they deleted it"],
    ]),
  );
});

test("a node deleted on one side and untouched on the other is gone; positions never conflict", () => {
  const base = receptionFlow();
  const mine = { ...base, layout: { ...base.layout, bye: { x: 1, y: 1 } } };
  const theirs = {
    ...withNode(withNode(base, "support", undefined), "menu", {
      options: { 1: "sales" },
    } as Partial<FlowNode>),
    layout: { ...base.layout, bye: { x: 2, y: 2 } },
  };
  const { merged, conflicts } = mergeFlows(base, mine, theirs);
  expect(conflicts).toEqual([]);
  expect(merged.nodes.support).toBeUndefined();
  expect(merged.layout.support).toBeUndefined();
  expect(merged.layout.bye).toEqual({ x: 1, y: 1 });
});

test("my new edge into a node they deleted is a conflict", () => {
  const base = receptionFlow();
  const mine = withNode(base, "sales", { busy: "support" } as Partial<FlowNode>);
  const theirs = withNode(withNode(base, "support", undefined), "menu", {
    options: { 1: "sales" },
  } as Partial<FlowNode>);
  const { conflicts } = mergeFlows(base, mine, theirs);
  expect(conflicts).toEqual([
    { node: "sales", part: "Sales hunt (sales) busy", detail: "leads to support, which they deleted" },
  ]);
});
