import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClientConfig, loadClientConfigs } from '../../lib/config/load-client-configs';

const clientsDir = join(import.meta.dirname, '../../clients');
const demo = JSON.parse(readFileSync(join(clientsDir, 'demo.json'), 'utf8'));

function writeClient(name: string, content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'clients-')), `${name}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('Function: loadClientConfig', () => {
  it('accepts every shipped client file, including the demo used by the local runtime', () => {
    const configs = loadClientConfigs(clientsDir);

    expect(configs.map((c) => c.clientId)).toContain('demo');
    expect(configs.length).toBeGreaterThanOrEqual(3);
    expect(new Set(configs.map((c) => c.stage))).toEqual(new Set(['dev', 'prod']));
  });

  it('names the file and each invalid field', () => {
    const file = writeClient('demo', { ...demo, channels: ['chat', 'pigeon'], throttling: { rateLimit: -1, burstLimit: 10 } });

    const message = (() => {
      try {
        loadClientConfig(file);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();

    expect(message.startsWith(`${file}: invalid client configuration`)).toBe(true);
    expect(message).toMatch(/- channels\.1: Invalid option/);
    expect(message).toMatch(/- throttling\.rateLimit: /);
  });

  it("defaults the self-care contact window to 24 h, and refuses one longer than the session's life (the session must exist to be counted)", () => {
    const defaults = loadClientConfig(writeClient('demo', { ...demo, selfcare: undefined }));
    const tooLong = writeClient('demo', { ...demo, selfcare: { sessionTtlHours: 12, contactWindowHours: 24 } });

    expect(defaults.selfcare).toEqual({ sessionTtlHours: 24, contactWindowHours: 24 });
    expect(() => loadClientConfig(tooLong)).toThrow(/selfcare\.contactWindowHours: at most sessionTtlHours/);
  });

  it('refuses a client id that differs from the file name', () => {
    const file = writeClient('other', demo);

    expect(() => loadClientConfig(file)).toThrow(/clientId: must be "other"/);
  });

  it('refuses a config with both or neither auth modes, and malformed JSON', () => {
    const both = writeClient('demo', { ...demo, auth: { cognito: demo.auth.cognito, jwt: { issuer: 'https://idp.example/x', audience: ['a'] } } });

    expect(() => loadClientConfig(both)).toThrow(/auth: set exactly one/);
    expect(() => loadClientConfig(writeClient('demo', '{ "clientId": '))).toThrow(/not valid JSON/);
  });

  it('requires the cognito:groups role claim when the stack creates the user pool', () => {
    const file = writeClient('demo', { ...demo, auth: { cognito: demo.auth.cognito, roleClaim: 'role' } });

    expect(() => loadClientConfig(file)).toThrow(/auth\.roleClaim: with auth\.cognito, roleClaim must be "cognito:groups"/);
  });
});

describe('Config: auth.cognito redirect URLs', () => {
  const withCognito = (cognito: Record<string, unknown>) =>
    writeClient('demo', { ...demo, auth: { ...demo.auth, cognito: { createUserPool: true, ...cognito } } });
  const urls = { callbackUrls: ['https://app.example.com/auth/callback'], logoutUrls: ['https://app.example.com/'] };

  it('requires callback and logout URLs when the stack creates the user pool', () => {
    expect(() => loadClientConfig(withCognito({}))).toThrow(/auth\.cognito\.callbackUrls: .*\n.*auth\.cognito\.logoutUrls: /);
    expect(() => loadClientConfig(withCognito({ callbackUrls: [], logoutUrls: [] }))).toThrow(/auth\.cognito\.callbackUrls: /);
  });

  it('accepts https URLs, and http for localhost only', () => {
    expect(loadClientConfig(withCognito(urls)).auth.cognito?.callbackUrls).toEqual(urls.callbackUrls);
    expect(loadClientConfig(withCognito({ ...urls, callbackUrls: ['http://localhost:5173/auth/callback'] })).auth.cognito?.callbackUrls).toEqual([
      'http://localhost:5173/auth/callback',
    ]);
    expect(() => loadClientConfig(withCognito({ ...urls, callbackUrls: ['http://app.example.com/auth/callback'] }))).toThrow(
      /auth\.cognito\.callbackUrls\.0: an https URL \(http only for localhost\)/,
    );
    expect(() => loadClientConfig(withCognito({ ...urls, logoutUrls: ['http://localhost.evil.example/'] }))).toThrow(
      /auth\.cognito\.logoutUrls\.0: an https URL/,
    );
    expect(() => loadClientConfig(withCognito({ ...urls, callbackUrls: ['https://app.example.com/#/callback'] }))).toThrow(
      /auth\.cognito\.callbackUrls\.0: no fragment/,
    );
  });

  it('refuses a customer id claim that users could change themselves', () => {
    const file = writeClient('demo', { ...demo, auth: { ...demo.auth, customerIdClaim: 'email' } });
    expect(() => loadClientConfig(file)).toThrow(/auth\.customerIdClaim: with auth\.cognito, customerIdClaim cannot be an attribute users may change/);
  });
});

describe('Config: alerts', () => {
  it('requires at least one ops e-mail address, and only https on-call endpoints', () => {
    const { alerts: _omitted, ...withoutAlerts } = demo;
    expect(() => loadClientConfig(writeClient('demo', withoutAlerts))).toThrow(/- alerts: /);
    expect(() => loadClientConfig(writeClient('demo', { ...demo, alerts: { emails: [] } }))).toThrow(/- alerts\.emails: /);
    expect(() => loadClientConfig(writeClient('demo', { ...demo, alerts: { emails: ['not-an-address'] } }))).toThrow(/- alerts\.emails\.0: /);
    expect(() =>
      loadClientConfig(writeClient('demo', { ...demo, alerts: { emails: ['ops@example.com'], httpsEndpoints: ['http://oncall.example.com/hook'] } })),
    ).toThrow(/- alerts\.httpsEndpoints\.0: /);
    expect(loadClientConfig(writeClient('demo', { ...demo, alerts: { emails: ['ops@example.com'] } })).alerts).toEqual({
      emails: ['ops@example.com'],
      httpsEndpoints: [],
    });
  });
});

describe('Config: frontEnds (static hosting and the agents’ sign-in)', () => {
  const fibra = JSON.parse(readFileSync(join(clientsDir, 'telco-fibra.json'), 'utf8'));
  const oidc = {
    authorizationEndpoint: 'https://login.example.com/authorize',
    tokenEndpoint: 'https://login.example.com/token',
    clientId: 'support-pages',
  };

  it('is off unless a client turns it on, with the cheapest price class', () => {
    expect(loadClientConfig(writeClient('demo', demo)).frontEnds).toEqual({ enabled: false, priceClass: 'PriceClass_100' });
  });

  it("needs the IdP's endpoints with auth.jwt, and refuses them with auth.cognito (the user pool's are used)", () => {
    expect(() => loadClientConfig(writeClient('telco-fibra', { ...fibra, frontEnds: { enabled: true } }))).toThrow(/frontEnds\.oidc: with auth\.jwt/);
    expect(() => loadClientConfig(writeClient('demo', { ...demo, frontEnds: { enabled: true, oidc } }))).toThrow(/frontEnds\.oidc: with auth\.cognito/);
    expect(loadClientConfig(writeClient('telco-fibra', { ...fibra, frontEnds: { enabled: true, oidc } })).frontEnds.oidc).toEqual({
      ...oidc,
      scopes: ['openid'],
    });
  });

  it('takes a host name only with its us-east-1 certificate, and https IdP endpoints only', () => {
    const withFrontEnds = (frontEnds: Record<string, unknown>) => writeClient('demo', { ...demo, frontEnds: { enabled: true, ...frontEnds } });
    const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

    expect(() => loadClientConfig(withFrontEnds({ domainName: 'help.example.com' }))).toThrow(
      /frontEnds\.certificateArn: set domainName and certificateArn together/,
    );
    expect(() => loadClientConfig(withFrontEnds({ domainName: 'help.example.com', certificateArn: certificateArn.replace('us-east-1', 'eu-west-3') }))).toThrow(
      /frontEnds\.certificateArn: an ACM certificate ARN in us-east-1/,
    );
    expect(() => loadClientConfig(withFrontEnds({ domainName: 'https://help.example.com', certificateArn }))).toThrow(/frontEnds\.domainName: /);
    expect(loadClientConfig(withFrontEnds({ domainName: 'help.example.com', certificateArn })).frontEnds.domainName).toBe('help.example.com');
    expect(() =>
      loadClientConfig(
        writeClient('telco-fibra', { ...fibra, frontEnds: { enabled: true, oidc: { ...oidc, tokenEndpoint: 'http://login.example.com/token' } } }),
      ),
    ).toThrow(/frontEnds\.oidc\.tokenEndpoint: /);
  });
});
