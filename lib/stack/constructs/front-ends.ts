import { Aws, Duration, NestedStack, RemovalPolicy, type Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { ClientConfig } from '../../config/client-config';
import type { PageConfig } from '../../../web/src/auth/page-config';

/** The pages agents sign in on: the IdP sends the browser back to them with the code. */
export const signInPages = ['desktop.html', 'supervisor.html'] as const;

/**
 * The files bucket's name, `<clientId>-web-<account>-<region>` (at most 63 characters for a client
 * id of 31): named, so the content stack grants its deployment on a name it can spell rather than
 * on a reference to the other nested stack, and cdk-nag's finding on that grant can be
 * acknowledged exactly.
 */
const filesBucketName = (clientId: string) => `${clientId}-web-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

/** Built files that are never deployed: the local console reads npm start's own endpoints. */
const localOnlyFiles = ['console.html', 'assets/console-*'];

export interface FrontEndsHostingProps {
  readonly config: ClientConfig;
  /** The origin of the API's sign-in token endpoint, which the pages call (CSP connect-src). */
  readonly tokenEndpointOrigin: string;
}

/**
 * The front ends' bucket and distribution, in a nested stack: the main stack stays far from
 * CloudFormation's 500 resources. It depends on nothing in the main stack, so the API can allow
 * the distribution's origin (CORS) and the user pool can return to its pages without a cycle;
 * the files and config.json, which need the API URL, are {@link FrontEndsContent}.
 *
 * The bucket is private (block public access, SSE-S3, TLS only) and only the distribution reads
 * it, through origin access control. Not versioned: its content is a build of a commit, replaced
 * whole by each deploy (pruned), and a rollback is a deploy of the earlier commit; versions
 * would keep every old build for nothing.
 */
export class FrontEndsHosting extends NestedStack {
  public readonly bucket: s3.Bucket;
  public readonly logs: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  /** `https://<the pages' host>`: the API's CORS allows it, the user pool returns to it. */
  public readonly origin: string;

  constructor(scope: Construct, id: string, props: FrontEndsHostingProps) {
    super(scope, id, { description: `Reference front ends of support-${props.config.clientId} (S3 + CloudFront)` });
    const { config } = props;
    const frontEnds = config.frontEnds;

    // Access logs of the bucket and of the distribution, kept as long as the other logs.
    // CloudFront's standard logs are written with an ACL, hence object-writer ownership.
    this.logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(config.retention.logsDays) }],
      // Access logs are evidence: they outlive a destroyed dev stack, and expire on their own.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself: logging its own access would log into itself.',
    });

    this.bucket = new s3.Bucket(this, 'Files', {
      bucketName: filesBucketName(config.clientId),
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: false,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 's3/',
      // A build, emptied by its deployment before the stack deletes it.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const pages = new cloudfront.ResponseHeadersPolicy(this, 'PageHeaders', {
      comment: `support-${config.clientId} pages: CSP, HSTS, no framing`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: pageContentSecurityPolicy(props.tokenEndpointOrigin), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });
    // The widget is one script a brand's site loads from its own origin, and reads config.json
    // beside it: readable cross-origin (CORP, CORS), never sniffed as something else. Framing
    // rules do not apply to a script.
    const widget = new cloudfront.ResponseHeadersPolicy(this, 'WidgetHeaders', {
      comment: `support-${config.clientId} widget.js and config.json: read by a brand's site`,
      corsBehavior: {
        accessControlAllowOrigins: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        accessControlAllowHeaders: ['*'],
        accessControlAllowCredentials: false,
        originOverride: true,
      },
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
      },
      customHeadersBehavior: { customHeaders: [{ header: 'Cross-Origin-Resource-Policy', value: 'cross-origin', override: true }] },
    });

    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `support-${config.clientId} front ends`,
      defaultRootObject: 'desktop.html',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: pages,
      },
      // The widget and the config.json it reads (the API URL) are fetched from a brand's site.
      additionalBehaviors: Object.fromEntries(
        ['widget.js', 'config.json'].map((path) => [
          path,
          {
            origin,
            viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
            responseHeadersPolicy: widget,
          },
        ]),
      ),
      // The screens route with the URL's hash (#/case/<id>): no SPA fallback to index. Without
      // ListBucket, a missing file is S3's 403: answer it as the 404 it is.
      errorResponses: [{ httpStatus: 403, responseHttpStatus: 404, responsePagePath: '/404.html', ttl: Duration.minutes(1) }],
      // The config's values are CloudFront's own names.
      priceClass: frontEnds.priceClass as cloudfront.PriceClass,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      ...(frontEnds.domainName && frontEnds.certificateArn
        ? {
            domainNames: [frontEnds.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', frontEnds.certificateArn),
          }
        : {}),
    });
    if (!frontEnds.domainName) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          "No frontEnds.domainName: the distribution's *.cloudfront.net certificate, whose minimum TLS CloudFront fixes; with a domain name and its certificate, TLS 1.2 (2021) is the minimum.",
      });
    }
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'Customers of a brand are wherever the brand sells and travels; a geographic restriction is a per-client decision (CloudFront console).',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'Static, public pages with no data of their own: the API, not the pages, enforces limits (README "Rate limits per caller"); a WAF web ACL would cost each client $6 a month for them.',
    });
    this.origin = `https://${frontEnds.domainName ?? this.distribution.distributionDomainName}`;
  }
}

export interface FrontEndsContentProps {
  readonly config: ClientConfig;
  readonly hosting: FrontEndsHosting;
  /**
   * The built front ends (web/dist, built by bin/support.ts before the synth). Absent only where
   * the stack is synthesized for its IAM policies (local runtime, `bundle: false`): a placeholder.
   */
  readonly webDir?: string;
  /** config.json: the API URL and the sign-in, resolved at deploy. */
  readonly pageConfig: PageConfig;
}

/**
 * The files and config.json in the bucket, in a second nested stack: it needs the API URL and
 * the sign-in endpoints, which the hosting must not depend on. Each deploy replaces the files
 * (prune) and invalidates the distribution's cache, so a page never meets an older config.json.
 */
export class FrontEndsContent extends NestedStack {
  public readonly deployment: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: FrontEndsContentProps) {
    super(scope, id, { description: 'Reference front ends: the files and config.json' });
    const { config, hosting } = props;
    // The bucket by its name (see filesBucketName); created before this stack, which depends on it.
    this.addStackDependency(hosting);
    const bucket = s3.Bucket.fromBucketName(this, 'FilesBucket', filesBucketName(config.clientId));
    this.deployment = new s3deploy.BucketDeployment(this, 'Files', {
      sources: [
        props.webDir ? s3deploy.Source.asset(props.webDir, { exclude: localOnlyFiles }) : s3deploy.Source.data('desktop.html', ''),
        s3deploy.Source.jsonData('config.json', props.pageConfig),
        s3deploy.Source.data('404.html', '<!doctype html><html lang="en"><title>Not found</title><h1>Not found</h1></html>'),
      ],
      destinationBucket: bucket,
      exclude: localOnlyFiles,
      prune: true,
      retainOnDelete: false,
      distribution: hosting.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
      logGroup: new logs.LogGroup(this, 'DeploymentLogs', {
        retention: config.retention.logsDays as logs.RetentionDays,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    acknowledgeDeploymentHandler(this, config.clientId);
  }
}

/**
 * CDK's bucket deployment runs one Lambda of its own (a singleton per stack: the AWS CLI in a
 * Python runtime CDK picks) when CloudFormation deploys the stack. What cdk-nag finds on it,
 * acknowledged on that function only.
 */
function acknowledgeDeploymentHandler(stack: Stack, clientId: string): void {
  const handler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'))!;
  const bucketArn = `arn:<AWS::Partition>:s3:::${clientId}-web-<AWS::AccountId>-<AWS::Region>`;
  const acknowledgements: Record<string, string> = {
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
      "CDK's deployment function writes its logs with the basic execution policy; it holds no other managed policy.",
    'AwsSolutions-IAM5[Action::s3:GetObject*]': "CDK's grants: read the build from the CDK asset bucket and write it to the files bucket, nothing else.",
    'AwsSolutions-IAM5[Action::s3:GetBucket*]': "CDK's grants on the asset and files buckets only.",
    'AwsSolutions-IAM5[Action::s3:List*]': 'Listing the files bucket is how the deployment prunes the files of the previous build.',
    'AwsSolutions-IAM5[Action::s3:DeleteObject*]': 'Pruning deletes the files of the previous build from the files bucket.',
    'AwsSolutions-IAM5[Action::s3:Abort*]': 'Aborting its own multipart uploads to the files bucket.',
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]':
      "The build is an object of CDK's bootstrap asset bucket, under a key known only at deploy.",
    [`AwsSolutions-IAM5[Resource::${bucketArn}/*]`]: 'The deployment writes every file of the build into the files bucket.',
    'AwsSolutions-IAM5[Resource::*]': 'CloudFront invalidations (CreateInvalidation, GetInvalidation) are granted by CDK on every distribution.',
    'AwsSolutions-L1': "The runtime is the one CDK's bucket deployment ships its AWS CLI layer for; it follows CDK upgrades.",
    'Serverless-LambdaLatestVersion': "The runtime is the one CDK's bucket deployment ships its AWS CLI layer for; it follows CDK upgrades.",
    'Serverless-LambdaDLQ': 'Invoked by CloudFormation during a deploy: a failure fails and rolls back the deploy, there is no event to replay.',
    'Serverless-LambdaTracing': 'Runs once per deploy, copying files: its log group says what it did.',
  };
  for (const [id, reason] of Object.entries(acknowledgements)) Validations.of(handler).acknowledge({ id, reason });
}

/**
 * The pages' CSP: their own scripts and styles only (the screens inject their style elements),
 * calls to the API and to the sign-in token endpoint, never framed. The API is named by its
 * region's API Gateway host pattern: the hosting cannot name the API itself, whose CORS names the
 * distribution (a cycle).
 */
export function pageContentSecurityPolicy(tokenEndpointOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' https://*.execute-api.${Aws.REGION}.amazonaws.com ${tokenEndpointOrigin}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
