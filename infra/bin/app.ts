// `cdk synth` / `cdk deploy` run this (infra/cdk.json); it synthesizes offline into CDK_OUTDIR.
// Stages: Dev and Prod (bin/stages.ts); account and region from the CLI's environment.
import { App } from "aws-cdk-lib";
import { buildApp } from "../src/app.js";
import { stages } from "./stages.js";

const probe = new App();
const context = (key: string) => probe.node.tryGetContext(key) as string | undefined;
const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
const configs = Object.fromEntries(Object.entries(stages(context)).map(([id, c]) => [id, { ...c, ...env }]));
buildApp({ stages: configs }).app.synth();
