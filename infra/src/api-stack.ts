import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpUserPoolAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import {
  AccountRecovery,
  ClientAttributes,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from "aws-cdk-lib/aws-cognito";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";

export interface ApiStackProps extends StackProps {
  readonly handler: IFunction;
  /** The designer's origin: the only one CORS allows on the people's API. */
  readonly designerOrigin: string;
  readonly logRetention: RetentionDays;
  readonly retainData: boolean;
  /** Steady-state requests per second and burst, per API (API Gateway's token bucket). */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/** The Cognito claims jwtClaimsAuthenticator reads (functions/src/auth/authenticator.ts). */
export const CLAIMS = { tenant: "custom:tenant", role: "custom:role" } as const;

/**
 * The HTTP API twice over one Lambda: for people, behind a Cognito JWT authorizer with CORS for
 * the designer; for programs, with the in-app API-key check (hashed keys in the table, cached
 * 5 s per instance: a revoked key keeps working at most that long). One HTTP API cannot do
 * both: its JWT authorizer would refuse every `Bearer rf_...` key before the function sees it.
 */
export class ApiStack extends Stack {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly peopleApi: HttpApi;
  readonly programsApi: HttpApi;
  readonly peopleUrl: string;
  readonly programsUrl: string;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // People: admins create users (no self sign-up) and set tenant and role; users can read
    // those claims but never write them.
    this.userPool = new UserPool(this, "Users", {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      customAttributes: {
        tenant: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
        role: new StringAttribute({ minLen: 1, maxLen: 16, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy,
    });
    Validations.of(this.userPool).acknowledge({
      id: "AwsSolutions-COG8",
      reason:
        "The Plus plan (threat protection) is priced per active user; MFA is required and sign-up is closed. A stage that wants it sets featurePlan.",
    });
    const claims = new ClientAttributes()
      .withStandardAttributes({ email: true })
      .withCustomAttributes("tenant", "role");
    this.client = this.userPool.addClient("Designer", {
      authFlows: { userSrp: true },
      readAttributes: claims,
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: false }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      preventUserExistenceErrors: true,
      generateSecret: false,
    });

    const throttle = props.throttle ?? { rateLimit: 100, burstLimit: 200 };
    const make = (name: string, authorizer: IHttpRouteAuthorizer, cors: boolean) => {
      const api = new HttpApi(this, name, {
        createDefaultStage: false,
        ...(cors
          ? {
              corsPreflight: {
                allowOrigins: [props.designerOrigin],
                allowMethods: [
                  CorsHttpMethod.GET,
                  CorsHttpMethod.POST,
                  CorsHttpMethod.PUT,
                  CorsHttpMethod.PATCH,
                  CorsHttpMethod.DELETE,
                ],
                allowHeaders: ["authorization", "content-type", "if-match"],
                exposeHeaders: ["etag"],
                maxAge: Duration.hours(1),
              },
            }
          : {}),
      });
      // Explicit methods, not ANY: the preflight OPTIONS never meets the authorizer.
      api.addRoutes({
        path: "/{proxy+}",
        methods: [HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE],
        integration: new HttpLambdaIntegration(`${name}Lambda`, props.handler),
        authorizer,
      });
      const logs = new LogGroup(this, `${name}Access`, { retention: props.logRetention, removalPolicy });
      const stage = new HttpStage(this, `${name}Stage`, {
        httpApi: api,
        stageName: "$default",
        autoDeploy: true,
        throttle,
        accessLogSettings: { destination: new LogGroupLogDestination(logs) },
      });
      return { api, url: stage.url };
    };

    const people = make(
      "People",
      new HttpUserPoolAuthorizer("Cognito", this.userPool, { userPoolClients: [this.client] }),
      true,
    );
    const programs = make("Programs", new HttpNoneAuthorizer(), false);
    this.peopleApi = people.api;
    this.programsApi = programs.api;
    this.peopleUrl = people.url;
    this.programsUrl = programs.url;
    new CfnOutput(this, "PeopleApiUrl", {
      value: people.url,
      description: "The API for the designer (Cognito JWT)",
    });
    new CfnOutput(this, "ProgramsApiUrl", {
      value: programs.url,
      description: "The API for programs and the CLI (API keys)",
    });
    new CfnOutput(this, "UserPoolId", { value: this.userPool.userPoolId });
    Validations.of(this.programsApi).acknowledge({
      id: "AwsSolutions-APIG4",
      reason:
        "Programs authenticate with API keys checked in the function (hashed lookup, 5 s cache); an unauthenticated request gets 401 from it.",
    });
  }
}
