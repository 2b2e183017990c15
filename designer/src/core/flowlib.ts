// The designer's one door to the flow library's graph functions, and live validation of a draft
// that is being edited.
//
// `validateFlow` of @ringflow/flow reports only shape issues while the shape is wrong (the graph
// rules need a parsed flow). A draft being drawn is nearly always a little wrong (an empty prompt),
// and the admin still needs to see which outputs are unwired, so `validateDraft` also runs the graph
// rules on the document as it is, and reports unwired menu keys / decision routes (held as "" in
// the document, which has no other way to say "key 1 exists but leads nowhere yet") as unwired
// outputs instead of as malformed node ids.
import { checkFlow, Flow, type FlowIssue, type FlowNode, outputsOf, validateFlow } from "@ringflow/flow";

export type { FlowIssue, NodeOutput } from "@ringflow/flow";
export { outputsOf, validateFlow };

const key = (i: FlowIssue) => `${i.code}|${i.path.join(".")}`;

/** zod's wording is for developers; say it the way an admin reads a form. */
function plain(i: FlowIssue): FlowIssue {
  if (/^Too small: expected string to have >=1 characters?$/.test(i.message))
    return { ...i, message: "Required" };
  const big = /^Too big: expected (?:string|number) to have <=(\d+)/.exec(i.message);
  if (big) return { ...i, message: `At most ${big[1]}` };
  return i;
}

/** Output fields that hold "" (a keyed output not wired yet). */
function blankOutputs(flow: Flow): { id: string; path: (string | number)[]; name: string }[] {
  const found: { id: string; path: (string | number)[]; name: string }[] = [];
  for (const [id, node] of Object.entries(flow.nodes)) {
    for (const o of outputsOf(node)) if (o.target === "") found.push({ id, path: o.path, name: o.name });
  }
  return found;
}

/** The document with "" outputs removed, so the graph rules see them as absent. */
function withoutBlanks(flow: Flow, blanks: ReturnType<typeof blankOutputs>): Flow {
  if (blanks.length === 0) return flow;
  const nodes: Record<string, FlowNode> = { ...flow.nodes };
  for (const b of blanks) {
    const node = nodes[b.id] as Record<string, unknown>;
    const [field, k] = b.path as [string, string];
    const rec = { ...(node[field] as Record<string, string>) };
    delete rec[k];
    nodes[b.id] = { ...node, [field]: rec } as FlowNode;
  }
  return { ...flow, nodes };
}

export function validateDraft(flow: Flow): FlowIssue[] {
  const blanks = blankOutputs(flow);
  const blankPaths = new Set(blanks.map((b) => ["nodes", b.id, ...b.path].join(".")));
  const parsed = Flow.safeParse(withoutBlanks(flow, blanks));
  const issues: FlowIssue[] = [];
  if (!parsed.success) {
    for (const i of validateFlow(flow)) if (!blankPaths.has(i.path.join("."))) issues.push(i);
  }
  // A field a graph rule explains (an empty forward target) needs only that rule's message.
  let graph: FlowIssue[] = [];
  try {
    graph = checkFlow(parsed.success ? parsed.data : withoutBlanks(flow, blanks));
  } catch {
    // A rule tripped over a half-edited node; the shape issues above already say what is wrong.
  }
  const wired = !flow.settings.fallback;
  const explained = new Set(graph.map((i) => i.path.join(".")));
  const shaped = issues.filter((i) => !explained.has(i.path.join("."))).map(plain);
  issues.length = 0;
  issues.push(...shaped);
  const seen = new Set(issues.map(key));
  for (const i of graph) if (!seen.has(key(i))) issues.push(i);
  if (wired) {
    for (const b of blanks) {
      issues.push({
        code: "unwired_output",
        path: ["nodes", b.id, ...b.path],
        message: `output "${b.name}" of "${b.id}" is not wired and the flow has no fallback`,
        severity: "error",
      });
    }
  }
  return issues;
}
