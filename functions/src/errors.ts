import type { FlowIssue } from "@ringflow/flow";

// Typed failures shared by the store, the API and the functions. Each carries a stable `code`
// (what clients branch on) and the HTTP status the API maps it to; the one mapping to a response
// lives in api/errors.ts.

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "revision_conflict"
  | "flow_exists"
  | "version_exists"
  | "number_taken"
  | "number_in_use"
  | "number_not_granted"
  | "flow_archived"
  | "tenant_exists"
  | "last_publisher_key"
  | "invalid_flow"
  | "precondition_required"
  | "payload_too_large"
  | "bad_audio"
  | "not_configured"
  | "render_failed"
  | "internal";

/** A validation finding with its path into the document (`["nodes","n7","options","3"]`). */
export type Issue = FlowIssue;

export class RingflowError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "RingflowError";
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new RingflowError("bad_request", message, 400, details);
export const unauthorized = (message = "missing or unknown credentials") =>
  new RingflowError("unauthorized", message, 401);
export const forbidden = (message: string) => new RingflowError("forbidden", message, 403);
export const notFound = (what: string) => new RingflowError("not_found", `${what} not found`, 404);

export class RevisionConflict extends RingflowError {
  constructor(readonly currentRevision: number | null) {
    super(
      "revision_conflict",
      currentRevision === null
        ? "the flow no longer exists"
        : `the flow changed since it was read; current revision is ${currentRevision}`,
      409,
      { currentRevision },
    );
  }
}

export class FlowExists extends RingflowError {
  constructor(readonly flowId: string) {
    super("flow_exists", `a flow with id ${flowId} already exists`, 409);
  }
}

export class VersionExists extends RingflowError {
  constructor(readonly version: number) {
    super("version_exists", `version ${version} already exists and is immutable`, 409, { version });
  }
}

export class NumberTaken extends RingflowError {
  constructor(readonly number: string) {
    super("number_taken", `${number} belongs to another tenant`, 409);
  }
}

/** The tenant does not hold the number: the same answer whether it is free or another tenant's. */
export class NumberNotGranted extends RingflowError {
  constructor(readonly number: string) {
    super("number_not_granted", `${number} is not granted to this tenant (an operator grants numbers)`, 404);
  }
}

export class FlowArchived extends RingflowError {
  constructor(readonly flowId: string) {
    super(
      "flow_archived",
      `flow ${flowId} is archived (its versions are kept; it can no longer change)`,
      409,
    );
  }
}

export class TenantExists extends RingflowError {
  constructor(readonly tenantId: string) {
    super("tenant_exists", `tenant ${tenantId} already exists`, 409);
  }
}

/** Revoking it would leave the tenant no publisher key: nobody could manage keys, publish or bind again. */
export class LastPublisherKey extends RingflowError {
  constructor(readonly keyId: string) {
    super(
      "last_publisher_key",
      `key ${keyId} is this tenant's last publisher key: create another publisher key first, then revoke this one`,
      409,
      { keyId },
    );
  }
}

export class NumberInUse extends RingflowError {
  constructor(readonly numbers: string[]) {
    super("number_in_use", `the flow is bound to ${numbers.join(", ")}`, 409, { numbers });
  }
}

export class InvalidFlow extends RingflowError {
  constructor(readonly issues: Issue[]) {
    super(
      "invalid_flow",
      `the flow has ${issues.filter((i) => i.severity === "error").length} error(s)`,
      422,
      {
        issues,
      },
    );
  }
}
