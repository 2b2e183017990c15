import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hashApiKey, issueApiKey } from "../auth/api-keys.js";
import { TenantExists } from "../errors.js";
import { assessFlow } from "../flow/assess.js";
import type { FlowDocument, Store } from "../store/types.js";
import { redirectFlow, SAMPLE_CUSTOMER_FUNCTION, vipFlow } from "./demo-flows.js";

export const DEMO_TENANT = "demo";
export const DEMO_NUMBERS = { reception: "+15550100", redirect: "+15550101", vip: "+15550102" } as const;

export interface SeedResult {
  tenantId: string;
  apiKey: string;
  keyFile: string;
  numbers: { number: string; flowId: string }[];
}

/**
 * The demo tenant, idempotent across restarts: a publisher API key (kept in `keyFile`, mode
 * 0600), its numbers granted (as an operator would), the sample customer function registered,
 * the reception example on +15550100, the pure redirect flow on +15550101, and the VIP flow
 * (which calls the sample customer function) on +15550102. What exists is left alone.
 */
export async function seedDemo(
  store: Store,
  opts: { keyFile: string; receptionFile: string },
): Promise<SeedResult> {
  let apiKey = existsSync(opts.keyFile) ? readFileSync(opts.keyFile, "utf8").trim() : "";
  if (!apiKey || !(await store.getApiKey(hashApiKey(apiKey)))) {
    apiKey = await issueApiKey(store, { tenantId: DEMO_TENANT, role: "publisher", name: "demo" });
    mkdirSync(dirname(opts.keyFile), { recursive: true });
    writeFileSync(opts.keyFile, `${apiKey}\n`, { mode: 0o600 });
    chmodSync(opts.keyFile, 0o600);
  }
  await store.createTenant(DEMO_TENANT).catch((err: unknown) => {
    if (!(err instanceof TenantExists)) throw err;
  });
  for (const number of Object.values(DEMO_NUMBERS)) await store.grantNumber(number, DEMO_TENANT);
  await store.putFunction(DEMO_TENANT, SAMPLE_CUSTOMER_FUNCTION);
  const flows: [string, FlowDocument, string][] = [
    ["reception", JSON.parse(readFileSync(opts.receptionFile, "utf8")), DEMO_NUMBERS.reception],
    ["redirect", redirectFlow as FlowDocument, DEMO_NUMBERS.redirect],
    ["vip", vipFlow as FlowDocument, DEMO_NUMBERS.vip],
  ];
  for (const [flowId, doc, number] of flows) {
    if (!(await store.getFlow(DEMO_TENANT, flowId))) {
      const a = assessFlow(doc);
      if (a.errors > 0) throw new Error(`demo flow ${flowId} is invalid: ${JSON.stringify(a.issues)}`);
      await store.createFlow({
        tenantId: DEMO_TENANT,
        flowId,
        doc,
        errors: 0,
        warnings: a.warnings,
        updatedBy: "seed",
      });
    }
    if (!(await store.latestVersion(DEMO_TENANT, flowId))) {
      const d = (await store.getFlow(DEMO_TENANT, flowId))!;
      await store.publish({
        tenantId: DEMO_TENANT,
        flowId,
        name: d.name,
        doc: d.doc,
        message: "demo seed",
        fromRevision: d.revision,
        publishedBy: "seed",
      });
    }
    if (!(await store.getNumber(number))?.flowId) {
      await store.bindNumber({ number, tenantId: DEMO_TENANT, flowId, version: "latest" });
    }
  }
  return {
    tenantId: DEMO_TENANT,
    apiKey,
    keyFile: opts.keyFile,
    numbers: flows.map(([flowId, , number]) => ({ number, flowId })),
  };
}
