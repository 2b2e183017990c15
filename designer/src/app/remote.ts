// Draft save (with the revision read), conflict resolution and publishing, over the API client.
import { Flow, type FlowInput } from "@ringflow/flow";
import { createContext, useContext } from "react";
import type { FlowDraft, SavedFlow } from "../api/client.js";
import { ApiClient, ApiError } from "../api/client.js";
import { emptyFlow } from "../core/edits.js";
import { clearAutosave, offerAutosave } from "./autosave.js";
import { autoLayout, cramped } from "./layout.js";
import { errorCount, useDesigner } from "./store.js";

export const ClientContext = createContext<{ client: ApiClient; setClient(c: ApiClient): void }>({
  client: new ApiClient({ baseUrl: "", apiKey: "" }),
  setClient: () => {},
});
export const useClient = () => useContext(ClientContext);

/** A stored document with its defaults applied when it parses; as stored otherwise (the draft may hold errors). */
export function docToFlow(doc: FlowInput): Flow {
  const r = Flow.safeParse(doc);
  return r.success ? r.data : (doc as Flow);
}

/** A readable flow id from its name ("Front desk" -> "front-desk"), or none to let the API pick. */
export function slug(name: string): string | undefined {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return /^[a-z]/.test(s) ? s : undefined;
}

export interface Conflict {
  theirs: FlowDraft;
  /** The draft as we last read or saved it: the base of a three-way merge. */
  base?: Flow | undefined;
}

export async function loadFlow(client: ApiClient, flowId: string): Promise<void> {
  const d = await client.getFlow(flowId);
  const flow = docToFlow(d.doc);
  const versions = await client.listVersions(flowId).catch(() => []);
  const published = versions.reduce((m, v) => Math.max(m, v.version), 0) || undefined;
  const laid = await tidy(flow);
  useDesigner.getState().load(laid, { flowId: d.flowId, revision: d.revision, saved: laid, published });
  offerAutosave(d.flowId, laid);
}

/**
 * A flow whose nodes touch or overlap (or lack positions) opens laid out: the layout carries no
 * meaning, so this is not an unsaved change (the next save keeps it).
 */
async function tidy(flow: Flow): Promise<Flow> {
  if (!cramped(flow)) return flow;
  try {
    return { ...flow, layout: { ...flow.layout, ...(await autoLayout(flow)) } };
  } catch {
    return flow;
  }
}

/** A published version, read-only (its draft is one click away). */
export async function loadVersion(client: ApiClient, flowId: string, version: number): Promise<void> {
  const v = await client.getVersion(flowId, version);
  const flow = await tidy(docToFlow(v.doc));
  useDesigner.getState().load(flow, { flowId, saved: flow, viewing: version });
}

/** A new flow, not on the server yet (saving creates it). */
export function newFlow(doc: Flow = emptyFlow()): void {
  useDesigner.getState().load(doc, { saved: doc });
  offerAutosave(undefined, doc);
}

/**
 * Save the draft. Resolves with the conflict when someone else saved since we read it (409
 * revision_conflict): the caller shows what changed and lets the admin choose.
 */
export async function saveDraft(
  client: ApiClient,
  opts: { overwriteRevision?: number } = {},
): Promise<Conflict | null> {
  const s = useDesigner.getState();
  const flow = s.flow;
  try {
    let d: SavedFlow;
    if (!s.remote.flowId) {
      d = await client
        .createFlow(flow, slug(flow.name))
        .catch((e) =>
          e instanceof ApiError && e.code === "flow_exists" ? client.createFlow(flow) : Promise.reject(e),
        );
    } else {
      d = await client.saveFlow(s.remote.flowId, flow, opts.overwriteRevision ?? s.remote.revision ?? 1);
    }
    useDesigner.getState().setRemote({ flowId: d.id, revision: d.revision, saved: flow });
    clearAutosave(s.remote.flowId);
    clearAutosave(d.id);
    useDesigner.getState().notify({ kind: "info", text: `Draft saved (revision ${d.revision}).` });
    return null;
  } catch (e) {
    if (e instanceof ApiError && e.code === "revision_conflict" && s.remote.flowId) {
      const theirs = await client.getFlow(s.remote.flowId);
      return { theirs, base: s.remote.saved };
    }
    throw e;
  }
}

export async function publish(client: ApiClient, message: string): Promise<number> {
  const s = useDesigner.getState();
  if (errorCount(s.issues) > 0) throw new Error("fix the problems before publishing");
  if (!s.remote.flowId || s.remote.saved !== s.flow) {
    const conflict = await saveDraft(client);
    if (conflict)
      throw new ApiError("revision_conflict", "someone else saved this flow; save again to choose", 409);
  }
  const flowId = useDesigner.getState().remote.flowId as string;
  const v = await client.publish(flowId, message);
  useDesigner.getState().setRemote({ published: v.version });
  useDesigner.getState().notify({ kind: "info", text: `Published version ${v.version}.` });
  return v.version;
}

export const describeError = (e: unknown) =>
  e instanceof ApiError ? `${e.message} (${e.code})` : e instanceof Error ? e.message : String(e);
