import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUi } from '../../local/build-ui';
import type { LocalRuntime } from '../../local/runtime';
import { serveStatic } from '../../local/static-files';
import type { PageConfig } from '../../web/src/auth/page-config';
import { codeChallengeOf } from '../../web/src/auth/pkce';
import { eventually, startBrowser } from '../helpers/browser';
import { startTestRuntime } from '../helpers/runtime';

/**
 * The agent desktop as CloudFront serves it: the build next to a config.json that names an OIDC
 * sign-in (here a tiny IdP on a real socket: an authorize endpoint that answers with a code, a
 * token endpoint that checks the PKCE verifier) and the API (the local runtime, on another
 * origin, whose CORS allows the pages' origin as the stack's does).
 */
describe('Browser: the agent desktop signs in with the authorization code and PKCE', { timeout: 120_000 }, () => {
  let runtime: LocalRuntime;
  let browser: Awaited<ReturnType<typeof startBrowser>>;
  let pages: Server;
  let origin: string;
  let agentToken: string;
  const authorizeRequests: URLSearchParams[] = [];
  const tokenRequests: URLSearchParams[] = [];

  beforeAll(async () => {
    const uiDir = await buildUi(mkdtempSync(join(tmpdir(), 'ui-')));
    // The pages' origin and the IdP: one server, so the test knows its port before the API starts.
    pages = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname === '/idp/authorize') {
        authorizeRequests.push(url.searchParams);
        const back = new URL(url.searchParams.get('redirect_uri')!);
        back.search = new URLSearchParams({ code: 'the-code', state: url.searchParams.get('state')! }).toString();
        res.writeHead(302, { location: back.toString() });
        return res.end();
      }
      if (url.pathname === '/idp/token' && req.method === 'POST') {
        let body = '';
        for await (const chunk of req) body += chunk;
        const form = new URLSearchParams(body);
        tokenRequests.push(form);
        const challenge = authorizeRequests.at(-1)?.get('code_challenge');
        const ok = form.get('code') === 'the-code' && (await codeChallengeOf(form.get('code_verifier') ?? '')) === challenge;
        res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(ok ? { access_token: agentToken, token_type: 'Bearer', expires_in: 3600 } : { error: 'invalid_grant' }));
      }
      if (url.pathname === '/ui/config.json') {
        const config: PageConfig = {
          apiUrl: runtime.url,
          auth: {
            kind: 'oidc',
            authorizationEndpoint: `${origin}/idp/authorize`,
            tokenEndpoint: `${origin}/idp/token`,
            clientId: 'support-pages',
            scopes: ['openid', 'email'],
          },
        };
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(config));
      }
      if (!(await serveStatic({ prefix: '/ui/', dir: uiDir }, url.pathname, res))) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    runtime = await startTestRuntime({ cors: { allowedOrigins: [origin] } }, { uiDir });
    agentToken = await runtime.token('agent');
    browser = await startBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.stop();
    await runtime?.stop();
    await new Promise((resolve) => pages?.close(resolve));
  });

  it('redirects to the authorize URL with an S256 challenge and a state, exchanges the code on return, then calls the API with the token', async () => {
    // Prepare
    const page = await browser.context.newPage();
    const apiCalls: { url: string; authorization: string | undefined }[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(runtime.url)) apiCalls.push({ url: request.url(), authorization: request.headers().authorization });
    });
    await page.goto(`${origin}/ui/desktop.html`);

    // Act
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => page.getByRole('heading', { name: 'Queues' }).count()).toBe(1);

    // Assess
    const authorize = authorizeRequests.at(-1)!;
    expect(authorize.get('response_type')).toBe('code');
    expect(authorize.get('client_id')).toBe('support-pages');
    expect(authorize.get('redirect_uri')).toBe(`${origin}/ui/desktop.html`);
    expect(authorize.get('code_challenge_method')).toBe('S256');
    expect(authorize.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]!.get('grant_type')).toBe('authorization_code');
    // The code left the address bar; the API was called with the token the IdP gave.
    expect(page.url()).toBe(`${origin}/ui/desktop.html`);
    await eventually(() => page.locator('#dk-queues ~ ul li').count()).toBeGreaterThan(0);
    expect(apiCalls.find((call) => call.url === `${runtime.url}/queues`)?.authorization).toBe(`Bearer ${agentToken}`);
    expect(await page.evaluate(() => sessionStorage.getItem('desktop-token'))).toBe(agentToken);
    await page.close();
  });

  it('refuses an answer this tab did not ask for (a forged state): no token exchanged, sign in again', async () => {
    // Prepare
    const page = await browser.context.newPage();
    const exchanges = tokenRequests.length;

    // Act
    await page.goto(`${origin}/ui/desktop.html?code=the-code&state=forged`);

    // Assess
    await eventually(() => page.getByRole('alert').textContent()).toContain('The sign-in did not complete');
    expect(tokenRequests.length).toBe(exchanges);
    expect(await page.getByRole('heading', { name: 'Queues' }).count()).toBe(0);
    expect(page.url()).toBe(`${origin}/ui/desktop.html`);
    await page.close();
  });

  it("locally, npm start answers the pages' config.json itself: the API where the page came from, and the dev tokens", async () => {
    // Act
    const response = await fetch(`${runtime.url}/ui/config.json`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ apiUrl: runtime.url.replace(/\/$/, ''), auth: { kind: 'dev-tokens' } });
  });
});
