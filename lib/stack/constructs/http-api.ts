import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { roles } from '../../../functions/domain/roles';
import { type ClientConfig, userWritableAttributes } from '../../config/client-config';
import { corsSettings } from '../../definition/cors';
import type { FunctionName } from '../../../functions/definition/functions';
import { type RouteDefinition, routeKey } from '../../../functions/definition/routes';
import { InlinePolicyRole } from './support-function';

export interface SupportHttpApiProps {
  readonly config: ClientConfig;
  /** The declared routes (functions/definition/routes.ts). */
  readonly routes: readonly RouteDefinition[];
  /** The declared functions (SupportFunction), which the routes name. */
  readonly functions: Readonly<Record<FunctionName, { readonly function: lambda.IFunction }>>;
  /** The hosted front ends (frontEnds): their origin is allowed by CORS, their sign-in pages are callback and sign-out URLs. */
  readonly frontEnds?: { readonly origin: string; readonly signInPages: readonly string[] };
}

/**
 * The HTTP API (payload v2): one route per declared route, each integrated with its function;
 * a JWT authorizer on every route that is not public, trusting the client's own IdP
 * (`auth.jwt`) or a Cognito user pool created here (`auth.cognito`); CORS, default-stage
 * throttling and JSON access logs from the client config.
 *
 * @example
 * const { api } = new SupportHttpApi(stack, 'Http', { config, routes, functions });
 */
export class SupportHttpApi extends Construct {
  public readonly api: apigwv2.HttpApi;
  public readonly stage: apigwv2.HttpStage;
  public readonly accessLogs: logs.LogGroup;
  /** The role API Gateway invokes the route functions with (the integrations' credentials). */
  public readonly invokeRole: iam.Role;
  /** Set when the client config asks for a Cognito user pool (`auth.cognito`). */
  public readonly userPool?: cognito.UserPool;
  public readonly userPoolClient?: cognito.UserPoolClient;
  /** The hosted sign-in domain of the user pool, with `auth.cognito`. */
  public readonly userPoolDomain?: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: SupportHttpApiProps) {
    super(scope, id);
    const { config } = props;
    const retain = config.stage === 'prod';
    const cors = corsSettings(config, props.frontEnds ? [props.frontEnds.origin] : []);
    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: `support-${config.clientId}`,
      // The default stage is created below, with throttling and access logs.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: cors.allowOrigins,
        allowMethods: cors.allowMethods.map((method) => apigwv2.CorsHttpMethod[method as keyof typeof apigwv2.CorsHttpMethod]),
        allowHeaders: cors.allowHeaders,
        exposeHeaders: cors.exposeHeaders,
        maxAge: Duration.seconds(cors.maxAgeSeconds),
      },
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.retention.logsDays as logs.RetentionDays,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttling.rateLimit, burstLimit: config.throttling.burstLimit },
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(this.accessLogs), format: accessLogFormat },
    });

    let authorizer: apigwv2.IHttpRouteAuthorizer;
    if (config.auth.jwt) {
      authorizer = new HttpJwtAuthorizer('Jwt', config.auth.jwt.issuer, { jwtAudience: config.auth.jwt.audience });
    } else {
      ({ pool: this.userPool, client: this.userPoolClient, domain: this.userPoolDomain } = this.createUserPool(config, props.frontEnds));
      // A JWT authorizer whose issuer is the pool and whose audience is the app client.
      authorizer = new HttpUserPoolAuthorizer('Cognito', this.userPool, { userPoolClients: [this.userPoolClient] });
    }
    // API Gateway invokes the route functions with one role of its own (the integrations'
    // credentials), allowed to invoke exactly those functions: one role instead of a
    // resource-based permission per function, which kept the stack under CloudFormation's
    // 500-resource limit (a permission per function was 50 resources).
    const routeFunctions = [...new Set(props.routes.map((route) => props.functions[route.function as FunctionName].function))];
    this.invokeRole = new InlinePolicyRole(this, 'InvokeRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway invokes the route functions with this role',
    });
    this.invokeRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: routeFunctions.map((fn) => fn.functionArn) }),
    );
    for (const route of props.routes) {
      const httpRoute = new apigwv2.HttpRoute(this, `Route${route.operationId}`, {
        httpApi: this.api,
        routeKey: apigwv2.HttpRouteKey.with(route.path, apigwv2.HttpMethod[route.method]),
        integration: new RoleInvokedLambdaIntegration(
          `Integration${route.operationId}`,
          props.functions[route.function as FunctionName].function,
          this.invokeRole,
        ),
        authorizer: route.auth === 'public' ? new apigwv2.HttpNoneAuthorizer() : authorizer,
        ...(route.auth !== 'public' && route.scopes?.length ? { authorizationScopes: [...route.scopes] } : {}),
      });
      if (route.auth === 'public') {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKey(route)} is declared public (auth: 'public'): liveness and the API description carry no customer data.`,
        });
      }
    }
  }

  /** A user pool whose groups are the roles, and the app client the front ends sign in with. */
  private createUserPool(
    config: ClientConfig,
    frontEnds: SupportHttpApiProps['frontEnds'],
  ): { pool: cognito.UserPool; client: cognito.UserPoolClient; domain: cognito.UserPoolDomain } {
    const retain = config.stage === 'prod';
    const pool = new cognito.UserPool(this, 'Users', {
      userPoolName: `support-${config.clientId}`,
      selfSignUpEnabled: config.auth.cognito?.selfSignUp ?? false,
      signInAliases: { email: true },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      // Agents see every customer's data: a second factor is required (AwsSolutions-COG2), by
      // authenticator app so no SMS role or spend is needed.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Threat protection (compromised credentials, risky sign-ins) enforced (AwsSolutions-COG3);
      // it needs the Plus feature plan, billed per monthly active user.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Roles are Cognito groups: their names arrive in the `cognito:groups` claim (roleClaim).
    for (const role of roles) new cognito.CfnUserPoolGroup(this, `Group${role}`, { userPoolId: pool.userPoolId, groupName: role });
    const cognitoConfig = config.auth.cognito!;
    // The sign-in pages the front ends redirect to (authorization code flow).
    const domain = pool.addDomain('SignIn', { cognitoDomain: { domainPrefix: cognitoDomainPrefix(config) } });
    // The hosted pages come back to themselves with the code, and after sign-out.
    const hostedPages = frontEnds?.signInPages.map((page) => `${frontEnds.origin}/${page}`) ?? [];
    const client = pool.addClient('Clients', {
      // Front ends are public clients (browsers, apps): a secret would not stay secret.
      generateSecret: false,
      // Sign-in only through the hosted pages with the authorization code (the front ends send a
      // PKCE code challenge); no implicit flow, whose tokens travel in the URL. No SRP or password
      // flows either: their access tokens carry aws.cognito.signin.user.admin whatever the scopes.
      // Refreshing stays possible (CDK adds ALLOW_REFRESH_TOKEN_AUTH once any flow is named).
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [...cognitoConfig.callbackUrls, ...hostedPages],
        logoutUrls: [...cognitoConfig.logoutUrls, ...hostedPages],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      // What a user may change about themselves: never sub, the customer id claim or the roles.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes(writableStandardAttributes()),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });
    return { pool, client, domain };
  }
}

/** The hosted sign-in's domain prefix: <prefix>.auth.<region>.amazoncognito.com. */
export function cognitoDomainPrefix(config: ClientConfig): string {
  return config.auth.cognito?.domainPrefix ?? `support-${config.clientId}`;
}

/** The config's user-writable attributes (OIDC claim names) as CDK's standard attribute flags. */
function writableStandardAttributes(): cognito.StandardAttributesMask {
  const cdkName: Record<(typeof userWritableAttributes)[number], keyof cognito.StandardAttributesMask> = {
    email: 'email',
    name: 'fullname',
    given_name: 'givenName',
    family_name: 'familyName',
    locale: 'locale',
  };
  return Object.fromEntries(userWritableAttributes.map((attribute) => [cdkName[attribute], true]));
}

/**
 * One JSON line per request with HTTP API variables (CDK's standard fields are REST API ones).
 * No source IP, user agent or caller identity: personal data stays out of logs; the request id
 * links a line to the function's logs.
 */
const accessLogFormat = apigateway.AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationStatus: '$context.integrationStatus',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    error: '$context.error.message',
  }),
);

/**
 * A Lambda proxy integration (payload v2) that API Gateway calls with a role (the integration's
 * credentials) rather than through a resource-based permission on the function.
 */
class RoleInvokedLambdaIntegration extends apigwv2.HttpRouteIntegration {
  constructor(
    id: string,
    private readonly handler: lambda.IFunction,
    private readonly role: iam.IRole,
  ) {
    super(id);
  }

  bind(): apigwv2.HttpRouteIntegrationConfig {
    return {
      type: apigwv2.HttpIntegrationType.AWS_PROXY,
      uri: this.handler.functionArn,
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      credentials: apigwv2.IntegrationCredentials.fromRole(this.role),
    };
  }
}
