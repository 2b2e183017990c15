import { z } from "zod";

// The HTTP API's request and response shapes, importable alone as `@ringflow/flow/api`: the API
// routes validate with them (and generate OpenAPI from them), the designer's client and the CLI
// parse every response with them. One contract, no hand-written copies.
export { CallTrace } from "../protocol/trace.js";
export * from "./access.js";
export * from "./errors.js";
export * from "./flows.js";
export * from "./live.js";
export * from "./mailboxes.js";
export * from "./numbers.js";
export * from "./prompts.js";
export * from "./read.js";

/** GET /v1/health (no credentials needed). */
export const ApiHealth = z.object({ ok: z.boolean(), service: z.string() });
export type ApiHealth = z.infer<typeof ApiHealth>;

/** A 204's body, as clients read it. */
export const NoContent = z.null();
