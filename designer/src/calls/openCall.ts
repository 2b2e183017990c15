// Opening a call (from the list or from `/calls/:id`): its flow on the canvas with the path lit,
// per-edge counts over the recent calls of the same flow, and its ladder under the canvas.
import type { CallTrace } from "@ringflow/flow";
import type { ApiClient } from "../api/client.js";
import { loadFlow } from "../app/remote.js";
import { useDesigner } from "../app/store.js";
import { edgeCounts } from "../core/canvas.js";

const RECENT_FOR_COUNTS = 20;

export async function openCall(
  client: ApiClient,
  callId: string,
  fit: (nodes: { id: string }[]) => void,
): Promise<CallTrace> {
  const t = await client.getCall(callId);
  const r = useDesigner.getState().remote;
  if (t.flowId && (t.flowId !== r.flowId || r.viewing !== undefined)) await loadFlow(client, t.flowId);
  const flow = useDesigner.getState().flow;
  const recent = await client.listCalls(50).catch(() => []);
  const sameFlow = recent
    .filter((x) => x.flowId === t.flowId && x.callId !== t.callId)
    .slice(0, RECENT_FOR_COUNTS - 1);
  const others = await Promise.all(sameFlow.map((x) => client.getCall(x.callId).catch(() => null)));
  const paths = [t, ...others.filter((x): x is CallTrace => x !== null)].map((x) => x.path);
  useDesigner
    .getState()
    .setOverlay({ source: "call", path: t.path, edgeCounts: edgeCounts(flow, paths), trace: t });
  useDesigner.getState().setPanel("calls");
  const onCanvas = t.path.filter((id) => flow.nodes[id]).map((id) => ({ id }));
  if (onCanvas.length > 0) fit(onCanvas);
  return t;
}
