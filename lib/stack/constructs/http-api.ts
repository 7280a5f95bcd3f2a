import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ClientConfig } from '../../config/client-config';
import { corsSettings } from '../../definition/cors';
import type { FunctionName } from '../../definition/functions';
import { type RouteDefinition, routeKey } from '../../definition/routes';
import { roles } from '../../../functions/domain/roles';

export interface SupportHttpApiProps {
  readonly config: ClientConfig;
  readonly routes: readonly RouteDefinition[];
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
  readonly logRetention: logs.RetentionDays;
  readonly retain: boolean;
}

/**
 * The HTTP API: one route per declared route, each integrated with its function; the JWT
 * authorizer (the client's IdP, or a Cognito user pool created here) on every non-public route;
 * CORS, stage throttling and JSON access logs from the client config.
 */
export class SupportHttpApi extends Construct {
  public readonly api: apigwv2.HttpApi;
  public readonly userPool?: cognito.UserPool;
  public readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: SupportHttpApiProps) {
    super(scope, id);
    const { config } = props;
    const cors = corsSettings(config);
    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: `support-${config.clientId}`,
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
      retention: props.logRetention,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttling.rateLimit, burstLimit: config.throttling.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: apigateway.AccessLogFormat.jsonWithStandardFields(),
      },
    });

    const authorizer = this.authorizer(config);
    for (const route of props.routes) {
      const fn = props.functions[route.function];
      new apigwv2.HttpRoute(this, `Route${route.operationId}`, {
        httpApi: this.api,
        routeKey: apigwv2.HttpRouteKey.with(route.path, apigwv2.HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`Integration${route.operationId}`, fn),
        authorizer: route.auth === 'public' ? new apigwv2.HttpNoneAuthorizer() : authorizer,
      });
      if (route.auth === 'public') {
        Validations.of(this.node.findChild(`Route${route.operationId}`)).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKey(route)} is public by design (liveness and the API description).`,
        });
      }
    }
  }

  private authorizer(config: ClientConfig): apigwv2.IHttpRouteAuthorizer {
    if (config.auth.jwt) {
      return new HttpJwtAuthorizer('Jwt', config.auth.jwt.issuer, { jwtAudience: config.auth.jwt.audience });
    }
    const retain = config.stage === 'prod';
    const pool = new cognito.UserPool(this, 'Users', {
      userPoolName: `support-${config.clientId}`,
      selfSignUpEnabled: config.auth.cognito?.selfSignUp ?? false,
      signInAliases: { email: true },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Roles are Cognito groups: their names arrive in the `cognito:groups` claim.
    for (const role of roles) new cognito.CfnUserPoolGroup(this, `Group${role}`, { userPoolId: pool.userPoolId, groupName: role });
    const client = pool.addClient('Clients', { authFlows: { userSrp: true }, preventUserExistenceErrors: true });
    (this as { userPool?: cognito.UserPool }).userPool = pool;
    return new HttpUserPoolAuthorizer('Cognito', pool, { userPoolClients: [client] });
  }
}
