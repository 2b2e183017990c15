// @ringflow/infra: the CDK app that deploys Ringflow (bin/app.ts runs it).
export { buildApp, type RingflowAppOptions } from "./app.js";
export { type Carrier, cidr, type EdgeImage, type RingflowStageConfig } from "./config.js";
export { RingflowStage } from "./stage.js";
