import { App, type AppProps, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { RingflowStageConfig } from "./config.js";
import { useLocalEsbuild } from "./paths.js";
import { RingflowStage } from "./stage.js";

export interface RingflowAppOptions extends AppProps {
  readonly stages: Record<
    string,
    RingflowStageConfig & { readonly account?: string; readonly region?: string }
  >;
}

/** The whole app: one RingflowStage per entry, checked by cdk-nag's AwsSolutions pack. */
export function buildApp(opts: RingflowAppOptions): { app: App; stages: Record<string, RingflowStage> } {
  useLocalEsbuild();
  const app = new App(opts);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stages: Record<string, RingflowStage> = {};
  for (const [id, config] of Object.entries(opts.stages)) {
    stages[id] = new RingflowStage(app, id, {
      config,
      env: { account: config.account, region: config.region },
    });
  }
  return { app, stages };
}
