import { join } from "node:path";
import { Duration } from "aws-cdk-lib";
import type { Carrier, EdgeImage, RingflowStageConfig } from "../src/config.js";
import { repoRoot } from "../src/paths.js";

// The two stages. Edit the carriers before the first deploy: the edge accepts SIP and RTP from
// these CIDRs only. The example below is RFC 5737's documentation range (reaches nothing), so
// an unedited deploy opens no hole. See docs/deploy.md for Twilio's and Chime's ranges.
const EXAMPLE_CARRIER: Carrier = {
  name: "example",
  signalling: ["203.0.113.0/24"],
  media: ["203.0.113.0/24"],
};

/** `-c edgeImage=<ecr repository>:<tag>` deploys a pushed image; otherwise cdk builds edge/Dockerfile. */
function edgeImage(context: string | undefined): EdgeImage {
  if (context) {
    const i = context.lastIndexOf(":");
    if (i <= 0) throw new Error(`edgeImage must be <repository>:<tag>, got "${context}"`);
    return { kind: "ecr", repositoryName: context.slice(0, i), tag: context.slice(i + 1) };
  }
  return { kind: "asset", directory: repoRoot(), file: join("edge", "Dockerfile") };
}

export function stages(context: (key: string) => string | undefined): Record<string, RingflowStageConfig> {
  const image = edgeImage(context("edgeImage"));
  return {
    Dev: {
      stageName: "dev",
      nameSuffix: "-dev",
      retainData: false,
      logRetentionDays: 14,
      recordingsExpireAfter: Duration.days(30),
      edge: { image, carriers: [EXAMPLE_CARRIER], minTasks: 2, maxTasks: 4 },
    },
    Prod: {
      stageName: "prod",
      nameSuffix: "",
      retainData: true,
      logRetentionDays: 90,
      functions: { decisionProvisioned: 0, reservedConcurrency: { traces: 50 } },
      edge: {
        image,
        carriers: [EXAMPLE_CARRIER],
        minTasks: 2,
        maxTasks: 50,
        ...(context("tlsCertificateArn") ? { tlsCertificateArn: context("tlsCertificateArn") } : {}),
      },
      ...(context("alarmEmail") ? { alarmEmail: context("alarmEmail") } : {}),
    },
  };
}
