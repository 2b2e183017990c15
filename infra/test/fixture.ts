import type { App } from "aws-cdk-lib";
import { Duration } from "aws-cdk-lib";
import { buildApp } from "../src/app.js";
import type { RingflowStageConfig } from "../src/config.js";
import type { RingflowStage } from "../src/stage.js";

export const CARRIER = { name: "carrier", signalling: ["198.51.100.0/28"], media: ["198.51.100.64/26"] };

const base = (over: Partial<RingflowStageConfig>): RingflowStageConfig => ({
  stageName: "dev",
  nameSuffix: "-dev",
  retainData: false,
  edge: { image: { kind: "ecr", repositoryName: "ringflow-edge", tag: "v1" }, carriers: [CARRIER] },
  ...over,
});

/**
 * Dev and Prod as the tests see them: bundling skipped (the code is a placeholder asset; one
 * test bundles for real), the image from ECR so no Docker context is staged.
 */
export function testApp(): { app: App; dev: RingflowStage; prod: RingflowStage } {
  const { app, stages } = buildApp({
    context: { "aws:cdk:bundling-stacks": [] },
    stages: {
      // Dev leaves the prompts function out (the flag); Prod has it (the default).
      Dev: { ...base({ functions: { prompts: false } }), account: "111111111111", region: "eu-west-1" },
      Prod: {
        ...base({
          stageName: "prod",
          nameSuffix: "",
          retainData: true,
          recordingsExpireAfter: Duration.days(90),
          functions: {
            decisionProvisioned: 2,
            reservedConcurrency: { traces: 50 },
          },
          edge: {
            image: { kind: "ecr", repositoryName: "ringflow-edge", tag: "v1" },
            carriers: [
              CARRIER,
              { name: "second", signalling: ["203.0.113.8/29"], media: ["203.0.113.128/25"] },
            ],
            tlsCertificateArn: "arn:aws:acm:eu-west-1:222222222222:certificate/abc",
            publicNames: ["sip.example.com"],
            minTasks: 3,
            maxTasks: 30,
            targetCallsPerTask: 400,
          },
          alarmEmail: "ops@example.com",
        }),
        account: "222222222222",
        region: "eu-west-1",
      },
    },
  });
  return { app, dev: stages.Dev as RingflowStage, prod: stages.Prod as RingflowStage };
}
