import { FUNCTION_NAMES, type FunctionRole, LOCAL_TABLE_NAME } from "@ringflow/names";
import { Stack, Token } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

type BucketKind = "prompts" | "recordings" | "site" | "logs";

/**
 * The physical names of one stage's shared resources. Stacks refer to each other's resources by
 * these names (and ARNs built from them), not by CloudFormation exports: a consumer can be
 * updated without its producer's export being "in use", and IAM statements read as names.
 * `suffix` is "" for the stage the edge's defaults name (prod) and e.g. "-dev" for others.
 */
export class StageNames {
  constructor(readonly suffix: string) {}

  get table(): string {
    return `${LOCAL_TABLE_NAME}${this.suffix}`;
  }

  fn(role: FunctionRole): string {
    return `${FUNCTION_NAMES[role]}${this.suffix}`;
  }

  /** Bucket names are global: account and region make them unique (<= 63 characters). */
  bucket(scope: IConstruct, kind: BucketKind): string {
    const s = Stack.of(scope);
    return `ringflow${this.suffix}-${kind}-${s.account}-${s.region}`;
  }

  /** The same bucket name as cdk-nag prints it in a finding. */
  nagBucket(scope: IConstruct, kind: BucketKind): string {
    const e = nagEnv(scope);
    return `ringflow${this.suffix}-${kind}-${e.account}-${e.region}`;
  }
}

/** Account and region as cdk-nag prints them: literals, or pseudo parameters in angle brackets. */
export function nagEnv(scope: IConstruct): { account: string; region: string } {
  const s = Stack.of(scope);
  return {
    account: Token.isUnresolved(s.account) ? "<AWS::AccountId>" : s.account,
    region: Token.isUnresolved(s.region) ? "<AWS::Region>" : s.region,
  };
}
