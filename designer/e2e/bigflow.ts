// A large, valid flow for the designer benchmark, wired the way large flows are: a chain of
// menus, each with its own message, desk and goodbye (edges stay local, as in a real flow; one
// hangup shared by every node would send hundreds of long edges across every view). Laid out on a
// grid, exactly `n` nodes.
import type { Flow, FlowNode } from "@ringflow/flow";

export function bigFlow(n: number): Flow {
  const nodes: Record<string, FlowNode> = {};
  const layout: Record<string, { x: number; y: number }> = {};
  const ids: string[] = [];
  const add = (id: string, node: FlowNode) => {
    nodes[id] = node;
    ids.push(id);
  };
  add("start", { type: "start", label: "Incoming call" });
  // A chain of menus; each menu's key 1 leads to the next menu, keys 2-3 to leaves.
  let prev = "start";
  let i = 0;
  while (ids.length < n) {
    const menu = `menu${i}`;
    const bye = `bye${i}`;
    add(menu, {
      type: "menu",
      label: `Menu ${i}`,
      prompt: { text: `Menu ${i}: press 1 to go on, 2 for a message, 3 for the desk.` },
      options: {},
      retries: 2,
      firstDigitTimeoutMs: 5000,
      interDigitTimeoutMs: 3000,
      failure: bye,
    });
    add(bye, { type: "hangup", label: `Goodbye ${i}` });
    const p = nodes[prev] as FlowNode & { next?: string; options?: Record<string, string> };
    if (p.type === "start") p.next = menu;
    else if (p.type === "menu") (p.options as Record<string, string>)["1"] = menu;
    const opts = (nodes[menu] as { options: Record<string, string> }).options;
    if (ids.length < n) {
      const msg = `msg${i}`;
      add(msg, {
        type: "play",
        label: `Message ${i}`,
        prompt: { text: `This is message ${i}.` },
        next: bye,
      });
      opts["2"] = msg;
    }
    if (ids.length < n) {
      const desk = `desk${i}`;
      add(desk, {
        type: "forward",
        label: `Desk ${i}`,
        mode: "bridge",
        targets: [{ uri: `+1555010${String(i % 1000).padStart(4, "0")}` }],
        strategy: "sequential",
        ringTimeoutSec: 20,
        callerId: "caller",
        answered: bye,
        busy: bye,
        noAnswer: bye,
        failed: bye,
      });
      opts["3"] = desk;
    }
    if (Object.keys(opts).length === 0) opts["1"] = bye;
    prev = menu;
    i++;
  }
  const last = nodes[prev] as { type: string; options?: Record<string, string>; failure?: string };
  if (last.type === "menu" && last.options && !last.options["1"]) last.options["1"] = last.failure as string;
  const cols = Math.ceil(Math.sqrt(n * 2));
  ids.forEach((id, k) => {
    layout[id] = { x: (k % cols) * 260, y: Math.floor(k / cols) * 170 };
  });
  return {
    version: 1,
    name: `Big flow (${n} nodes)`,
    entry: "start",
    nodes,
    settings: { language: "en-US", limits: { maxSteps: 10_000, maxCallSec: 3600 }, testCallers: [] },
    layout,
  };
}
