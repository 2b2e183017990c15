import { z } from "@hono/zod-openapi";
import { Flow } from "@ringflow/flow";
import * as api from "@ringflow/flow/api";

// The HTTP API's bodies are the zod schemas of `@ringflow/flow/api` (the designer and the CLI parse
// with the same ones); this module adds what only the server needs: OpenAPI names and parameter
// metadata. The OpenAPI document is generated from these. Metadata goes through zod's own `.meta()`:
// `.openapi()` exists only on schemas built after @hono/zod-openapi loaded, which the shared ones
// may not be.

export const ErrorSchema = api.ApiErrorBody;
export const IssueSchema = api.ApiIssue;
export const FlowSchema = Flow.meta({ id: "Flow" });
export const CallTraceSchema = api.CallTrace.meta({ id: "CallTrace" });

export const FlowIdParam = z.object({
  id: api.FlowId.meta({ param: { name: "id", in: "path" }, example: "reception" }),
});

export const ValidateResult = api.ValidateResult;
export const SavedFlow = api.SavedFlow;
export const FlowSummarySchema = api.FlowSummary;
export const FlowList = api.FlowList;
export const FlowDetail = api.FlowDetail;
export const PublishBody = api.PublishRequest;
export const Published = api.Published;
export const VersionSummarySchema = api.VersionSummary;
export const VersionList = api.VersionList;
export const VersionDetail = api.VersionDetail;
export const DiffSchema = api.FlowDiff;

export const E164 = api.E164.meta({ param: { name: "e164", in: "path" }, example: "+15550100" });
export const BindBody = api.BindNumberRequest;
export const NumberSchema = api.NumberBinding;
export const NumberList = api.NumberList;
export const CallSummarySchema = api.CallSummary;
export const CallPageSchema = api.CallPage;
export const HealthSchema = api.ApiHealth;
