import { TABLE_SCHEMA } from "@ringflow/names";

// Every key of the one table is built here, so the layout can be read in one place:
//
//   pk                    sk                         what
//   T#<tenant>            FLOW#<flowId>              the flow's draft (with its revision)
//   T#<tenant>            VER#<flowId>#<0000000007>  published version 7, written once
//   T#<tenant>            TENANT                     the tenant (created by an operator)
//   T#<tenant>            FN#<name>                  a registered customer function
//   T#<tenant>            LIVE#<callId>              a call in progress: the node it is at, `ttl` (live.ts)
//   NUM#<e164>            NUM                        a number: the tenant it is granted to, its flow
//   KEY#<sha256 of key>   KEY                        an API key: tenant, role, id
//   CALL#<callId>         TRACE                      a call trace, with the `ttl` attribute
//
//   GSI `gsi1` (gsi1pk, gsi1sk):
//   T#<tenant>#NUM        <e164>                     a tenant's numbers
//   T#<tenant>#CALLS      <startedAt, 15 digits>#<callId>   a tenant's recent calls
//   T#<tenant>#KEYS       <key id>                   a tenant's API keys (summary without the hash)
//
// A flow's draft item holds `numbers`, the set of numbers bound to it: a bind adds to it before it
// writes the number (conditional on the flow being there and not archived), a delete or archive
// is conditional on it being empty. Both are single-item conditions, so a delete racing a bind
// cannot leave a number on a deleted flow (no transactions needed; dynalite has none).
//
// Versions are zero-padded so that sort-key order is numeric order: a descending Query with
// Limit 1 returns the latest, and there is no "latest" pointer to keep in step.

export const TABLE_INDEX = TABLE_SCHEMA.index.name;
/** Epoch seconds on call traces; the AWS table expires items by it. */
export const TTL_ATTRIBUTE = TABLE_SCHEMA.ttlAttribute;
const VERSION_DIGITS = 10;

export const tenantPk = (tenant: string) => `T#${tenant}`;
export const flowSk = (flowId: string) => `FLOW#${flowId}`;
export const FLOW_PREFIX = "FLOW#";
export const versionPrefix = (flowId: string) => `VER#${flowId}#`;
export const versionSk = (flowId: string, version: number) =>
  `${versionPrefix(flowId)}${String(version).padStart(VERSION_DIGITS, "0")}`;
export const versionFromSk = (sk: string) => Number(sk.slice(sk.lastIndexOf("#") + 1));

export const numberPk = (e164: string) => `NUM#${e164}`;
export const NUMBER_SK = "NUM";
export const tenantNumbersGsi = (tenant: string) => `T#${tenant}#NUM`;

export const TENANT_SK = "TENANT";
export const FUNCTION_PREFIX = "FN#";
export const functionSk = (name: string) => `${FUNCTION_PREFIX}${name}`;

export const apiKeyPk = (hash: string) => `KEY#${hash}`;
export const tenantKeysGsi = (tenant: string) => `T#${tenant}#KEYS`;
export const API_KEY_SK = "KEY";

export const callPk = (callId: string) => `CALL#${callId}`;
export const LIVE_PREFIX = "LIVE#";
export const liveSk = (callId: string) => `${LIVE_PREFIX}${callId}`;
export const TRACE_SK = "TRACE";
export const tenantCallsGsi = (tenant: string) => `T#${tenant}#CALLS`;
export const callOrderKey = (startedAtMs: number, callId: string) =>
  `${String(Math.max(0, Math.floor(startedAtMs))).padStart(15, "0")}#${callId}`;

/** Flow ids we mint and accept: safe in keys (no `#`), URLs and file names. */
export const FLOW_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;
