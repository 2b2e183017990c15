import type { Advertised } from "../sip/dialog.js";
import type { CaptureBudget, CaptureLimits } from "./capture.js";
import type { Pacer } from "./pacer.js";
import type { RtpPortPool } from "./ports.js";
import type { PromptSource } from "./prompts.js";
import type { ObjectStore } from "./s3.js";

/** What the edge's media adapters share (one of each per process). */
export interface MediaDeps {
  pool: RtpPortPool;
  pacer: Pacer;
  prompts: PromptSource;
  recordings: { store: ObjectStore; bucket: string };
  /** The address put in our SDP (c=): the edge's advertised one. */
  mediaAddress: string;
  /** For the Contact of our answers to re-INVITEs. */
  advertised: Advertised;
  leadInMs: number;
  /** 0 = never. */
  inactivityMs: number;
  /** While the caller holds; 0 = never. */
  holdTimeoutMs: number;
  /** RTP to a caller not heard from yet (MediaSession's unheardSendLimitMs); Infinity = no cap. */
  unheardSendMs: number;
  retryAfterSec: number;
  /** RTP capture for flows that ask (settings.captureRtp): per-call caps and the process's byte budget. */
  capture?: { limits: CaptureLimits; budget: CaptureBudget };
}
