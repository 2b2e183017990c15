import { Flow } from "@ringflow/flow";
import type { NumberBinding, Store } from "../store/types.js";
import type { CallRoute } from "./route.js";

export type Resolution =
  | { ok: true; route: CallRoute; flow: Flow }
  | { ok: false; why: "noNumber" | "noFlow" | "unpublished" | "unreadable" };

export interface FlowSourceOptions {
  /** How long a number's binding and its latest version are reused (ms). */
  routeTtlMs?: number;
  /** Published versions kept parsed in memory (they are immutable, so never stale). */
  maxVersions?: number;
  now?: () => number;
}

/** A value remembered for a short time, so a burst of calls costs one read. */
class TtlCache<V> {
  private m = new Map<string, { at: number; v: V }>();
  constructor(
    private ttl: number,
    private now: () => number,
  ) {}
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.m.get(key);
    if (hit && this.now() - hit.at < this.ttl) return hit.v;
    const v = await load();
    if (this.ttl > 0) this.m.set(key, { at: this.now(), v });
    if (this.m.size > 10_000) this.m.clear();
    return v;
  }
}

/**
 * Where the decision function gets flows: number -> binding -> version, with published versions
 * cached by (tenant, flow, version) for the life of the instance, and drafts (test callers)
 * read fresh every time.
 */
export class FlowSource {
  private versions = new Map<string, Flow>();
  private bindings: TtlCache<NumberBinding | undefined>;
  private latest: TtlCache<number | undefined>;
  private maxVersions: number;

  constructor(
    private store: Store,
    opts: FlowSourceOptions = {},
  ) {
    const now = opts.now ?? Date.now;
    const ttl = opts.routeTtlMs ?? 1000;
    this.bindings = new TtlCache(ttl, now);
    this.latest = new TtlCache(ttl, now);
    this.maxVersions = opts.maxVersions ?? 500;
  }

  /**
   * For a new call: which flow version the called number runs. Only a number a publisher bound
   * to the draft (a test number) reaches a draft; what the caller claims (From) never matters.
   */
  async resolve(number: string): Promise<Resolution> {
    const b = await this.bindings.get(number, () => this.store.getNumber(number));
    if (!b?.flowId || b.version === undefined) return { ok: false, why: "noNumber" };
    const { tenantId, flowId } = b;
    let version = b.version;
    if (version === "latest") {
      const n = await this.latest.get(`${tenantId}/${flowId}`, async () => {
        const v = await this.store.latestVersion(tenantId, flowId);
        if (v) this.remember(tenantId, flowId, v.version, v.doc);
        return v?.version;
      });
      if (n === undefined) {
        return (await this.store.getFlow(tenantId, flowId))
          ? { ok: false, why: "unpublished" }
          : { ok: false, why: "noFlow" };
      }
      version = n;
    }
    return this.withFlow({ tenantId, flowId, version });
  }

  private async withFlow(route: CallRoute): Promise<Resolution> {
    const r = await this.load(route);
    return r.ok ? { ok: true, route, flow: r.flow } : r;
  }

  /** The flow a route names: a cached version, or the draft read now. */
  async load(
    route: CallRoute,
  ): Promise<{ ok: true; flow: Flow } | { ok: false; why: "unpublished" | "noFlow" | "unreadable" }> {
    const { tenantId, flowId, version } = route;
    if (version === "draft") {
      const d = await this.store.getFlow(tenantId, flowId);
      if (!d) return { ok: false, why: "noFlow" };
      const parsed = Flow.safeParse(d.doc);
      return parsed.success ? { ok: true, flow: parsed.data } : { ok: false, why: "unreadable" };
    }
    const key = `${tenantId}/${flowId}/${version}`;
    const hit = this.versions.get(key);
    if (hit) return { ok: true, flow: hit };
    const v = await this.store.getVersion(tenantId, flowId, version);
    if (!v) return { ok: false, why: "unpublished" };
    const flow = this.remember(tenantId, flowId, version, v.doc);
    return flow ? { ok: true, flow } : { ok: false, why: "unreadable" };
  }

  private remember(tenantId: string, flowId: string, version: number, doc: unknown): Flow | undefined {
    const parsed = Flow.safeParse(doc);
    if (!parsed.success) return undefined;
    if (this.versions.size >= this.maxVersions) {
      const oldest = this.versions.keys().next().value;
      if (oldest !== undefined) this.versions.delete(oldest);
    }
    this.versions.set(`${tenantId}/${flowId}/${version}`, parsed.data);
    return parsed.data;
  }
}
