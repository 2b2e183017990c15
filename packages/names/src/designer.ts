// What a deployed stage writes beside the designer's files (infra's Site stack) and the designer
// reads at start, so one build serves every stage.

export const DESIGNER_CONFIG_FILE = "config.json";

export interface DesignerDeployConfig {
  /** The HTTP API for people (Cognito JWT), e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/`. */
  apiUrl: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
}
