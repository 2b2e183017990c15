import { randomBytes } from "node:crypto";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  badRequest,
  FlowArchived,
  forbidden,
  InvalidFlow,
  notFound,
  RevisionConflict,
  RingflowError,
} from "../errors.js";
import { assessFlow } from "../flow/assess.js";
import { diffFlows } from "../flow/diff.js";
import type { FlowDocument } from "../store/types.js";
import { type ApiDeps, type AppEnv, etag, parseIfMatch, requireRole, tenantPolicy } from "./context.js";
import {
  DiffSchema,
  ErrorSchema,
  FlowDetail,
  FlowIdParam,
  FlowList,
  FlowSchema,
  PublishBody,
  Published,
  SavedFlow,
  ValidateResult,
  VersionDetail,
  VersionList,
} from "./schemas.js";

const security = [{ bearer: [] }];
/** Version numbers a path or query may name (bounded, so nothing reaches the store as 1e300). */
const MAX_VERSION = 999_999_999;
const err = (description: string) => ({
  content: { "application/json": { schema: ErrorSchema } },
  description,
});
const json = <T>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const flowBody = {
  required: true,
  content: { "application/json": { schema: FlowSchema } },
  description: "a flow document",
};

const VersionRef = z.union([z.literal("draft"), z.coerce.number().int().min(1).max(MAX_VERSION)]);

export function flowRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps) {
  const { store } = deps;
  const newId = deps.newId ?? (() => `f_${randomBytes(6).toString("hex")}`);

  /**
   * The document exactly as sent (defaults are not stored). The body was decoded as strict UTF-8
   * with `__proto__` keys refused (see body.ts), so it is the very document the validator saw.
   */
  const rawDoc = async (req: { json(): Promise<unknown> }) => (await req.json()) as FlowDocument;

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/validate",
      tags: ["flows"],
      summary: "Validate a flow without storing it",
      security,
      request: {
        body: {
          required: true,
          content: {
            "application/json": { schema: z.unknown().openapi({ description: "a flow document" }) },
          },
        },
      },
      responses: { 200: json(ValidateResult, "the issues (valid means no errors; warnings allowed)") },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const a = assessFlow(await c.req.json(), await tenantPolicy(deps, p.tenantId));
      return c.json({ valid: a.errors === 0, issues: a.issues }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/flows",
      tags: ["flows"],
      summary: "Create a flow (its first draft)",
      security,
      request: {
        query: z.object({
          id: FlowIdParam.shape.id.optional().openapi({ param: { name: "id", in: "query" } }),
        }),
        body: flowBody,
      },
      responses: {
        201: json(SavedFlow, "created at revision 1; issues may include errors (the draft is kept, flagged)"),
        409: err("a flow with that id exists"),
        422: err("not a flow document (invalid_flow with issues)"),
      },
    }),
    async (c) => {
      const p = requireRole(c, "editor");
      const doc = await rawDoc(c.req);
      const a = assessFlow(doc, await tenantPolicy(deps, p.tenantId));
      const id = c.req.valid("query").id ?? newId();
      const d = await store.createFlow({
        tenantId: p.tenantId,
        flowId: id,
        doc,
        errors: a.errors,
        warnings: a.warnings,
        updatedBy: p.subject,
      });
      c.header("ETag", etag(d.revision));
      c.header("Location", `/v1/flows/${id}`);
      return c.json({ id, revision: d.revision, issues: a.issues }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/flows",
      tags: ["flows"],
      summary: "List the tenant's flows",
      security,
      responses: {
        200: json(FlowList, "the flows, without documents"),
      },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const flows = (await store.listFlows(p.tenantId)).map(({ flowId, tenantId: _t, ...rest }) => ({
        id: flowId,
        ...rest,
      }));
      return c.json({ flows }, 200);
    },
  );

  const loadDraft = async (tenantId: string, id: string) => {
    const d = await store.getFlow(tenantId, id);
    if (!d) throw notFound(`flow ${id}`);
    return d;
  };

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/flows/{id}",
      tags: ["flows"],
      summary: "Read a flow's draft (ETag = revision)",
      security,
      request: { params: FlowIdParam },
      responses: { 200: json(FlowDetail, "the draft"), 404: err("no such flow in this tenant") },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const { flowId, tenantId: _t, doc, ...rest } = await loadDraft(p.tenantId, c.req.valid("param").id);
      c.header("ETag", etag(rest.revision));
      return c.json({ id: flowId, ...rest, flow: doc }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/v1/flows/{id}",
      tags: ["flows"],
      summary: "Save the draft, conditional on the revision read",
      security,
      request: {
        params: FlowIdParam,
        // Optional in the schema so that a missing header is our 428, not a generic 400.
        headers: z.object({
          "if-match": z.string().optional().openapi({ description: 'required: the revision read, e.g. "3"' }),
        }),
        body: flowBody,
      },
      responses: {
        200: json(SavedFlow, "saved; issues may include errors (the draft is kept, flagged)"),
        409: err("revision_conflict: someone saved first; carries currentRevision"),
        422: err("invalid_flow: not a flow document"),
        428: err("If-Match is required"),
      },
    }),
    async (c) => {
      const p = requireRole(c, "editor");
      const expected = parseIfMatch(c.req.header("if-match"));
      if (expected === undefined || Number.isNaN(expected))
        throw new RingflowError(
          "precondition_required",
          'send If-Match with the revision you read, e.g. "3"',
          428,
        );
      const id = c.req.valid("param").id;
      const doc = await rawDoc(c.req);
      const a = assessFlow(doc, await tenantPolicy(deps, p.tenantId));
      const d = await store.saveDraft({
        tenantId: p.tenantId,
        flowId: id,
        doc,
        expectedRevision: expected,
        errors: a.errors,
        warnings: a.warnings,
        updatedBy: p.subject,
      });
      c.header("ETag", etag(d.revision));
      return c.json({ id, revision: d.revision, issues: a.issues }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/v1/flows/{id}",
      tags: ["flows"],
      summary:
        "Delete a flow that no number uses (If-Match optional); a published flow is archived instead, by a publisher only (its versions are kept)",
      security,
      request: { params: FlowIdParam },
      responses: {
        204: { description: "deleted, or archived when it had published versions" },
        403: err("the flow has published versions and the key is not a publisher's"),
        404: err("no such flow"),
        409: err("number_in_use, flow_archived, or revision_conflict when If-Match is stale"),
      },
    }),
    async (c) => {
      const p = requireRole(c, "editor");
      const id = c.req.valid("param").id;
      const expected = parseIfMatch(c.req.header("if-match"));
      if (Number.isNaN(expected)) throw badRequest("If-Match must be a revision");
      await loadDraft(p.tenantId, id);
      if (await store.latestVersion(p.tenantId, id)) {
        if (p.role !== "publisher")
          throw forbidden("the flow has published versions: only a publisher may archive it");
        await store.archiveFlow(p.tenantId, id, expected);
      } else {
        await store.deleteFlow(p.tenantId, id, expected);
      }
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/flows/{id}/versions",
      tags: ["versions"],
      summary: "Publish the draft as the next immutable version",
      security,
      request: {
        params: FlowIdParam,
        body: { required: false, content: { "application/json": { schema: PublishBody } } },
      },
      responses: {
        201: json(Published, "published"),
        409: err("revision_conflict: If-Match given and the draft moved on"),
        422: err("invalid_flow: the draft has errors"),
      },
    }),
    async (c) => {
      const p = requireRole(c, "publisher");
      const id = c.req.valid("param").id;
      const draft = await loadDraft(p.tenantId, id);
      if (draft.archivedAt) throw new FlowArchived(id);
      const expected = parseIfMatch(c.req.header("if-match"));
      if (Number.isNaN(expected)) throw badRequest("If-Match must be a revision");
      if (expected !== undefined && expected !== draft.revision) throw new RevisionConflict(draft.revision);
      const a = assessFlow(draft.doc, await tenantPolicy(deps, p.tenantId));
      if (a.errors > 0) throw new InvalidFlow(a.issues);
      const body = c.req.header("content-type")?.includes("json") ? c.req.valid("json") : undefined;
      const v = await store.publish({
        tenantId: p.tenantId,
        flowId: id,
        name: draft.name,
        doc: draft.doc,
        message: body?.message ?? "",
        fromRevision: draft.revision,
        publishedBy: p.subject,
      });
      await deps.onPublished?.({ tenantId: p.tenantId, flowId: id, version: v.version, doc: draft.doc });
      c.header("Location", `/v1/flows/${id}/versions/${v.version}`);
      return c.json({ version: v.version }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/flows/{id}/versions",
      tags: ["versions"],
      summary: "List published versions",
      security,
      request: { params: FlowIdParam },
      responses: {
        200: json(VersionList, "oldest first"),
        404: err("no such flow"),
      },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const id = c.req.valid("param").id;
      await loadDraft(p.tenantId, id);
      const versions = (await store.listVersions(p.tenantId, id)).map(({ tenantId: _t, ...v }) => v);
      return c.json({ versions }, 200);
    },
  );

  const loadVersion = async (tenantId: string, id: string, n: number | "draft") => {
    if (n === "draft") return (await loadDraft(tenantId, id)).doc;
    const v = await store.getVersion(tenantId, id, n);
    if (!v) throw notFound(`version ${n} of flow ${id}`);
    return v.doc;
  };

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/flows/{id}/versions/{n}",
      tags: ["versions"],
      summary: "Read one published version",
      security,
      request: {
        params: FlowIdParam.extend({
          n: z.coerce
            .number()
            .int()
            .min(1)
            .max(MAX_VERSION)
            .openapi({ param: { name: "n", in: "path" }, example: 1 }),
        }),
      },
      responses: { 200: json(VersionDetail, "the version"), 404: err("no such version") },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const { id, n } = c.req.valid("param");
      const v = await store.getVersion(p.tenantId, id, n);
      if (!v) throw notFound(`version ${n} of flow ${id}`);
      const { tenantId: _t, doc, ...rest } = v;
      return c.json({ ...rest, flow: doc }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/flows/{id}/diff",
      tags: ["versions"],
      summary: "Semantic diff between two versions (or a version and the draft); layout moves are ignored",
      security,
      request: {
        params: FlowIdParam,
        query: z.object({
          from: VersionRef.openapi({ param: { name: "from", in: "query" }, example: 1 }),
          to: VersionRef.default("draft").openapi({ param: { name: "to", in: "query" }, example: 2 }),
        }),
      },
      responses: { 200: json(DiffSchema, "nodes added, removed, changed"), 404: err("no such version") },
    }),
    async (c) => {
      const p = requireRole(c, "viewer");
      const id = c.req.valid("param").id;
      const { from, to } = c.req.valid("query");
      const [a, b] = await Promise.all([loadVersion(p.tenantId, id, from), loadVersion(p.tenantId, id, to)]);
      return c.json({ from, to, ...diffFlows(a, b) }, 200);
    },
  );
}
