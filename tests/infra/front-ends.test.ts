import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientConfig } from '../../lib/config/client-config';
import { loadClientConfigs } from '../../lib/config/load-client-configs';
import { addNagChecks } from '../../lib/nag';
import { SupportStack } from '../../lib/stack/support-stack';
import { buildUi } from '../../local/build-ui';

const configs = loadClientConfigs(join(import.meta.dirname, '../../clients'));
const demo = configs.find((c) => c.clientId === 'demo')!;
const fibra = configs.find((c) => c.clientId === 'telco-fibra')!;

/** demo (Cognito) with the front ends on the distribution's own name. */
const demoWithFrontEnds: ClientConfig = { ...demo, frontEnds: { ...demo.frontEnds, enabled: true } };
/** telco-fibra (its own IdP) with the front ends on the brand's host name. */
const fibraWithFrontEnds: ClientConfig = {
  ...fibra,
  frontEnds: {
    enabled: true,
    domainName: 'care.fibra-telecom.example',
    certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
    priceClass: 'PriceClass_100',
    oidc: {
      authorizationEndpoint: 'https://login.fibra-telecom.example/realms/care/protocol/openid-connect/auth',
      tokenEndpoint: 'https://login.fibra-telecom.example/realms/care/protocol/openid-connect/token',
      clientId: 'support-pages',
      scopes: ['openid'],
    },
  },
};

/** Every acknowledgement the front ends may carry: each is a decision, with its reason in front-ends.ts. */
const allowedAcknowledgements = [
  /^AwsSolutions-S1$/, // the access-log bucket
  /^AwsSolutions-CFR[124]$/, // geo restriction, WAF, the default certificate's TLS
  /^AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\]$/,
  /^AwsSolutions-IAM5\[/, // CDK's bucket deployment grants, listed one by one
  /^AwsSolutions-L1$/,
  /^Serverless-Lambda(LatestVersion|DLQ|Tracing)$/,
  /^CloudFormation-Validate::W3045$/, // CDK's own, on the log bucket CloudFront writes to with an ACL
];

const outdirs: string[] = [];
const tempDir = (prefix: string) => {
  outdirs.push(mkdtempSync(join(tmpdir(), prefix)));
  return outdirs.at(-1)!;
};

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;
const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const only = (resources: Resources, type: string) => {
  const found = ofType(resources, type);
  expect(found, type).toHaveLength(1);
  return found[0]![1].Properties;
};

describe('Construct: FrontEnds (S3 + CloudFront, nested stacks)', () => {
  let outdir: string;
  const stacks = new Map<string, SupportStack>();
  const templates = (id: string) => {
    const stack = stacks.get(id)!;
    return {
      stack,
      main: Template.fromStack(stack).toJSON() as { Resources: Resources; Outputs?: Record<string, any> },
      hosting: stack.frontEnds ? (Template.fromStack(stack.frontEnds.hosting).toJSON().Resources as Resources) : {},
      content: stack.frontEnds ? (Template.fromStack(stack.frontEnds.content).toJSON().Resources as Resources) : {},
    };
  };

  beforeAll(async () => {
    // Prepare: the web build once (what bin/support.ts does), then three stacks synthesized with
    // cdk-nag: an unacknowledged finding fails this synth. `bundle: false`: the hosting does not
    // depend on the functions' code.
    const webDir = await buildUi(tempDir('web-'));
    outdir = tempDir('front-ends-');
    const app = new App({ outdir });
    for (const [id, config] of [
      ['off', demo],
      ['demo', demoWithFrontEnds],
      ['fibra', fibraWithFrontEnds],
    ] as const) {
      stacks.set(id, new SupportStack(app, `Support-${config.clientId}-${id}`, { config, bundle: false, webDir }));
    }
    addNagChecks(app);
    app.synth();
  }, 300_000);

  afterAll(() => {
    for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
  });

  it('synthesizes nothing of it when frontEnds is off (the default)', () => {
    // Act
    const { stack, main } = templates('off');

    // Assess
    expect(demo.frontEnds.enabled).toBe(false);
    expect(stack.frontEnds).toBeUndefined();
    expect(ofType(main.Resources, 'AWS::CloudFormation::Stack')).toEqual([]);
    expect(ofType(main.Resources, 'AWS::CloudFront::Distribution')).toEqual([]);
    expect(ofType(main.Resources, 'AWS::S3::Bucket')).toEqual([]);
    expect(Object.keys(main.Outputs ?? {})).not.toContain('FrontEndsUrl');
    expect(only(main.Resources, 'AWS::ApiGatewayV2::Api').CorsConfiguration.AllowOrigins).toEqual(demo.cors.allowedOrigins);
  });

  it('adds two nested stacks to the main stack and nothing else (CloudFormation counts 500 resources per stack)', () => {
    // Act
    const off = Object.keys(templates('off').main.Resources).length;
    const on = templates('demo').main;

    // Assess
    expect(Object.keys(on.Resources).length - off).toBe(2);
    expect(ofType(on.Resources, 'AWS::CloudFormation::Stack')).toHaveLength(2);
    expect(ofType(on.Resources, 'AWS::S3::Bucket')).toEqual([]);
    expect(on.Outputs?.FrontEndsUrl?.Value).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), expect.stringMatching(/^Outputs\..*Distribution.*DomainName$/)] }]],
    });
  });

  it('keeps the files bucket private: all public access blocked, encrypted, TLS only, its access logged', () => {
    // Act
    const { hosting, stack } = templates('demo');
    const files = hosting[stack.frontEnds!.hosting.getLogicalId(stack.frontEnds!.hosting.bucket.node.defaultChild as any)]!.Properties;

    // Assess
    expect(ofType(hosting, 'AWS::S3::Bucket')).toHaveLength(2); // the files and their access logs
    for (const [, bucket] of ofType(hosting, 'AWS::S3::Bucket')) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
      expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
    }
    expect(files.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: expect.any(String) });
    expect(files.VersioningConfiguration).toBeUndefined();
    for (const [, policy] of ofType(hosting, 'AWS::S3::BucketPolicy')) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('lets only the distribution read the files, through origin access control (no OAI, no public read)', () => {
    // Act
    const { hosting, stack } = templates('demo');
    const filesId = stack.frontEnds!.hosting.getLogicalId(stack.frontEnds!.hosting.bucket.node.defaultChild as any);
    const distributionId = stack.frontEnds!.hosting.getLogicalId(stack.frontEnds!.hosting.distribution.node.defaultChild as any);
    const oac = only(hosting, 'AWS::CloudFront::OriginAccessControl').OriginAccessControlConfig;
    const distribution = only(hosting, 'AWS::CloudFront::Distribution').DistributionConfig;
    const filesPolicy = ofType(hosting, 'AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === filesId)![1].Properties;
    const allows = filesPolicy.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Allow');

    // Assess
    expect(oac).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    expect(distribution.Origins).toHaveLength(1);
    expect(distribution.Origins[0].OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Id'] });
    expect(distribution.Origins[0].S3OriginConfig.OriginAccessIdentity).toBe('');
    expect(ofType(hosting, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual([]);
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [filesId, 'Arn'] }, '/*']] },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distributionId }]],
            },
          },
        },
      },
    ]);
  });

  it('serves HTTPS only, the pages with a CSP that allows the API and the sign-in and forbids framing, the widget readable cross-origin', () => {
    // Act
    const { hosting } = templates('demo');
    const distribution = only(hosting, 'AWS::CloudFront::Distribution').DistributionConfig;
    const policies = ofType(hosting, 'AWS::CloudFront::ResponseHeadersPolicy').map(([id, p]) => [id, p.Properties.ResponseHeadersPolicyConfig] as const);
    const policyOf = (behavior: any) => policies.find(([id]) => id === behavior.ResponseHeadersPolicyId.Ref)![1];
    const pages = policyOf(distribution.DefaultCacheBehavior);
    const widgetBehavior = distribution.CacheBehaviors.find((b: any) => b.PathPattern === 'widget.js');
    const widget = policyOf(widgetBehavior);
    const csp = JSON.stringify(pages.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);

    // Assess
    for (const behavior of [distribution.DefaultCacheBehavior, ...distribution.CacheBehaviors]) expect(behavior.ViewerProtocolPolicy).toBe('https-only');
    expect(distribution.DefaultRootObject).toBe('desktop.html');
    expect(distribution.CustomErrorResponses).toEqual([expect.objectContaining({ ErrorCode: 403, ResponseCode: 404, ResponsePagePath: '/404.html' })]);
    expect(distribution.Logging.Bucket).toBeDefined();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(
      /connect-src 'self' https:\/\/\*\.execute-api\.",\{"Ref":"AWS::Region"\},"\.amazonaws\.com https:\/\/support-demo\.auth\.",\{"Ref":"AWS::Region"\},"\.amazoncognito\.com;/,
    );
    expect(pages.SecurityHeadersConfig.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true });
    expect(pages.SecurityHeadersConfig.ContentTypeOptions).toEqual({ Override: true });
    expect(pages.SecurityHeadersConfig.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(widget.SecurityHeadersConfig.FrameOptions).toBeUndefined();
    expect(widget.SecurityHeadersConfig.ContentTypeOptions).toEqual({ Override: true });
    expect(widget.CustomHeadersConfig.Items).toEqual([{ Header: 'Cross-Origin-Resource-Policy', Value: 'cross-origin', Override: true }]);
    expect(widget.CorsConfig.AccessControlAllowOrigins.Items).toEqual(['*']);
    // The config.json the widget reads (its API) is read cross-origin too.
    expect(policyOf(distribution.CacheBehaviors.find((b: any) => b.PathPattern === 'config.json'))).toBe(widget);
  });

  it("deploys the build (without the local console) and a config.json carrying the API's URL and the user pool's sign-in", () => {
    // Act
    const { content, main, stack } = templates('demo');
    const deployment = only(content, 'Custom::CDKBucketDeployment');
    const nestedContent = Object.values(main.Resources).find(
      (r) => r.Type === 'AWS::CloudFormation::Stack' && r.Properties.Parameters?.[Object.keys(r.Properties.Parameters).find((p) => p.endsWith('ApiEndpoint'))!],
    )!;
    // This deployment's sources: asset.<hash> folders of the assembly.
    const assets = deployment.SourceObjectKeys.map((key: string) => `asset.${key.replace(/\.zip$/, '')}`);
    const configDir = assets.find((name: string) => existsSync(join(outdir, name, 'config.json')))!;
    const webDir = assets.find((name: string) => existsSync(join(outdir, name, 'desktop.html')))!;
    const pageConfig = JSON.parse(readFileSync(join(outdir, configDir, 'config.json'), 'utf8'));
    const marker = (value: string) => deployment.SourceMarkers.find((markers: Record<string, unknown>) => value in markers)?.[value];

    // Assess
    expect(stack.frontEnds).toBeDefined();
    expect(existsSync(join(outdir, webDir, 'widget.js'))).toBe(true);
    expect(existsSync(join(outdir, webDir, 'console.html'))).toBe(false);
    expect(readdirSync(join(outdir, webDir, 'assets')).filter((file) => file.startsWith('console'))).toEqual([]);
    expect(deployment.Prune).toBe(true);
    expect(deployment.DistributionPaths).toEqual(['/*']);
    // The API URL: a deploy-time marker, the main stack's API endpoint passed to the nested stack.
    const apiParameter = marker(pageConfig.apiUrl).Ref;
    expect(nestedContent.Properties.Parameters[apiParameter]).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^HttpApi/), 'ApiEndpoint'] });
    expect(pageConfig.auth).toMatchObject({ kind: 'oidc', scopes: ['openid', 'email', 'profile'] });
    expect(JSON.stringify(marker(pageConfig.auth.clientId))).toContain('HttpUsersClients');
    for (const endpoint of ['authorizationEndpoint', 'tokenEndpoint', 'endSessionEndpoint'])
      expect(pageConfig.auth[endpoint]).toMatch(
        /^https:\/\/<<marker:0x[0-9a-f]+:\d+>>\.auth\.<<marker:0x[0-9a-f]+:\d+>>\.amazoncognito\.com\/(oauth2\/(authorize|token)|logout)$/,
      );
  });

  it("allows the distribution's origin in the API's CORS, and its sign-in pages as the user pool's callback and sign-out URLs", () => {
    // Act
    const { main } = templates('demo');
    const distributionOrigin = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), expect.stringMatching(/Distribution.*DomainName$/)] }]] };
    const page = (name: string) => ({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.any(String), expect.stringMatching(/Distribution.*DomainName$/)] }, `/${name}`]],
    });
    const client = only(main.Resources, 'AWS::Cognito::UserPoolClient');

    // Assess
    expect(only(main.Resources, 'AWS::ApiGatewayV2::Api').CorsConfiguration.AllowOrigins).toEqual([...demo.cors.allowedOrigins, distributionOrigin]);
    expect(client.CallbackURLs).toEqual([...demo.auth.cognito!.callbackUrls, page('desktop.html'), page('supervisor.html')]);
    expect(client.LogoutURLs).toEqual([...demo.auth.cognito!.logoutUrls, page('desktop.html'), page('supervisor.html')]);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.GenerateSecret).toBe(false);
  });

  it("with the brand's host name and its own IdP: the name and its certificate (TLS 1.2), CORS for it, the IdP in config.json and the CSP", () => {
    // Act
    const { main, hosting, content } = templates('fibra');
    const distribution = only(hosting, 'AWS::CloudFront::Distribution').DistributionConfig;
    const csp = JSON.stringify(ofType(hosting, 'AWS::CloudFront::ResponseHeadersPolicy').map(([, p]) => p.Properties)[0]);
    const deployment = only(content, 'Custom::CDKBucketDeployment');
    const configDirs = deployment.SourceObjectKeys.map((key: string) => join(outdir, `asset.${key.replace(/\.zip$/, '')}`)).filter((dir: string) =>
      existsSync(join(dir, 'config.json')),
    );
    const pageConfigs = configDirs.map((dir: string) => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')));

    // Assess
    expect(distribution.Aliases).toEqual(['care.fibra-telecom.example']);
    expect(distribution.ViewerCertificate).toEqual({
      AcmCertificateArn: fibraWithFrontEnds.frontEnds.certificateArn,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(only(main.Resources, 'AWS::ApiGatewayV2::Api').CorsConfiguration.AllowOrigins).toEqual([
      ...fibra.cors.allowedOrigins,
      'https://care.fibra-telecom.example',
    ]);
    expect(main.Outputs?.FrontEndsUrl?.Value).toBe('https://care.fibra-telecom.example');
    expect(csp).toContain('https://login.fibra-telecom.example;');
    expect(deployment.SourceMarkers).toBeDefined();
    expect(pageConfigs).toContainEqual({
      apiUrl: expect.stringMatching(/^<<marker:/),
      auth: { kind: 'oidc', ...fibraWithFrontEnds.frontEnds.oidc },
    });
  });

  it('passes cdk-nag (the synth above) with only narrow, reasoned acknowledgements, on the front ends’ own constructs', () => {
    for (const id of ['demo', 'fibra']) {
      // Act
      const { frontEnds } = stacks.get(id)!;
      const acknowledged = [frontEnds!.hosting, frontEnds!.content].flatMap((nested) =>
        nested.node
          .findAll()
          .filter((construct) => construct !== nested)
          .flatMap((construct) =>
            construct.node.metadata
              .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
              .flatMap((entry) =>
                Object.entries(entry.data as Record<string, string>).map(([rule, reason]) => ({ rule: rule.replace(/^annotation::/i, ''), reason })),
              ),
          ),
      );

      // Assess
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const { rule, reason } of acknowledged) {
        expect(
          allowedAcknowledgements.some((pattern) => pattern.test(rule)),
          rule,
        ).toBe(true);
        expect(reason.length, rule).toBeGreaterThan(40);
      }
      // With its own certificate the distribution needs no CFR4 acknowledgement.
      expect(acknowledged.some(({ rule }) => rule === 'AwsSolutions-CFR4')).toBe(id === 'demo');
      for (const nested of [frontEnds!.hosting, frontEnds!.content]) {
        expect(nested.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toEqual([]);
      }
    }
  });
});
