import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResourceTemplate } from '../../adapters/cloudformation/read-template.js';
import { cloudFrontBehaviours } from '../../local/edge/cloudfront-behaviours.js';
import { compileCloudFrontFunction, viewerRequestOf } from '../../local/edge/cloudfront-function.js';
import { startEdge } from '../../local/edge/edge-server.js';
import { StaticSite } from '../../local/edge/static-site.js';
import { buildStorefrontIfChanged, sourcesHash } from '../../local/edge/storefront-build.js';
import { freePort } from '../support/free-port.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One raw request (no automatic decompression, unlike fetch). */
function send(base: string, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<Answer>((resolve, reject) => {
    const outgoing = request(new URL(path, base), { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve(`http://127.0.0.1:${address.port}`);
    }),
  );
const close = (server: Server | undefined) =>
  new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

/** A build like Vite's: hashed files directly under /assets/, public files copied as they are. */
const JS = `${'export function render(product) { return product.name + " " + product.price.amount; }\n'.repeat(400)}`;
const FILES: Record<string, string | Buffer> = {
  'index.html': `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>
<script type="module" crossorigin src="/assets/index-B1x2Y3z4.js"></script>
<link rel="stylesheet" crossorigin href="/assets/index-Cq_9aZ01.css"></head><body><div id="app"></div></body></html>`,
  'assets/index-B1x2Y3z4.js': JS,
  'assets/index-Cq_9aZ01.css': `${'.product-card { display: grid; gap: 0.5rem; color: #1f2937; }\n'.repeat(100)}`,
  'assets/product-page-D4-fG7hJ.js': 'export const x = 1;\n',
  'assets/photo-AbCd1234.png': Buffer.alloc(4000, 7),
  'assets/demo/home-appliances.svg': `<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(80)}</svg>`,
  'robots.txt': 'User-agent: *\nAllow: /\n',
  '.source-hash': 'abc',
};

/** The security headers the template's policy declares, read here independently of the edge's reader. */
function templatePolicy(tls: boolean): Record<string, string> {
  const { Resources } = readResourceTemplate('cdn.yml');
  const policies = Object.values(Resources).filter(
    (r) => r.Type === 'AWS::CloudFront::ResponseHeadersPolicy',
  );
  expect(policies).toHaveLength(1);
  const config = policies[0]!.Properties.ResponseHeadersPolicyConfig as {
    SecurityHeadersConfig: {
      ContentSecurityPolicy: { ContentSecurityPolicy: string };
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: number;
        IncludeSubdomains: boolean;
        Preload: boolean;
      };
      ReferrerPolicy: { ReferrerPolicy: string };
      FrameOptions: { FrameOption: string };
    };
    CustomHeadersConfig: { Items: { Header: string; Value: string }[] };
  };
  const security = config.SecurityHeadersConfig;
  const hsts = security.StrictTransportSecurity;
  return {
    'content-security-policy': security.ContentSecurityPolicy.ContentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': security.ReferrerPolicy.ReferrerPolicy,
    'x-frame-options': security.FrameOptions.FrameOption,
    ...Object.fromEntries(config.CustomHeadersConfig.Items.map((i) => [i.Header.toLowerCase(), i.Value])),
    ...(tls
      ? {
          'strict-transport-security': `max-age=${hsts.AccessControlMaxAgeSec}${hsts.IncludeSubdomains ? '; includeSubDomains' : ''}${hsts.Preload ? '; preload' : ''}`,
        }
      : {}),
  };
}

const POLICY_NAMES = [
  'content-security-policy',
  'strict-transport-security',
  'x-content-type-options',
  'referrer-policy',
  'x-frame-options',
  'permissions-policy',
];
const policyHeadersOf = (answer: Answer) =>
  Object.fromEntries(
    POLICY_NAMES.filter((n) => answer.headers[n] !== undefined).map((n) => [n, answer.headers[n]]),
  );

/** The local edge serves web/dist as CloudFront serves the site bucket, with the template's headers policy. */
describe('local edge: the storefront build as CloudFront serves it from S3', () => {
  const dist = mkdtempSync(join(tmpdir(), 'shop-edge-static-'));
  let edge: Server;
  let tlsEdge: Server;
  let productApi: Server;
  let alb: Server;
  let base: string;
  let tlsBase: string;

  beforeAll(async () => {
    for (const [path, content] of Object.entries(FILES)) {
      mkdirSync(dirname(join(dist, path)), { recursive: true });
      writeFileSync(join(dist, path), content);
    }
    // The origins answer with headers of their own, some of which the policy overrides.
    productApi = createServer((incoming, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'cache-control': 'public, max-age=1',
        'x-frame-options': 'SAMEORIGIN',
      });
      response.end(JSON.stringify({ items: [], path: incoming.url }));
    });
    // The ALB's default action: anything its rules do not know is a 404 problem.
    alb = createServer((incoming, response) => {
      if (incoming.url === '/api/me') {
        response.writeHead(401, { 'content-type': 'application/problem+json' });
        return response.end(JSON.stringify({ status: 401, title: 'Unauthorized' }));
      }
      response.writeHead(404, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }));
    });
    const origins = async () => ({
      ProductApi: { kind: 'http' as const, url: await listen(productApi) },
      ServicesAlb: { kind: 'http' as const, url: await listen(alb) },
      SiteBucket: { kind: 'static' as const, dir: dist },
    });
    const configured = await origins();
    const port = await freePort();
    edge = await startEdge(port, '127.0.0.1', configured);
    base = `http://127.0.0.1:${port}`;
    const tlsPort = await freePort();
    tlsEdge = await startEdge(tlsPort, '127.0.0.1', configured, { tls: true });
    tlsBase = `http://127.0.0.1:${tlsPort}`;
  });
  afterAll(async () => {
    await Promise.all([close(edge), close(tlsEdge), close(productApi), close(alb)]);
    rmSync(dist, { recursive: true, force: true });
  });

  it.each([
    ['/', 'no-cache', 'text/html; charset=utf-8'],
    ['/index.html', 'no-cache', 'text/html; charset=utf-8'],
    ['/assets/index-B1x2Y3z4.js', 'public, max-age=31536000, immutable', 'text/javascript; charset=utf-8'],
    ['/assets/index-Cq_9aZ01.css', 'public, max-age=31536000, immutable', 'text/css; charset=utf-8'],
    [
      '/assets/product-page-D4-fG7hJ.js',
      'public, max-age=31536000, immutable',
      'text/javascript; charset=utf-8',
    ],
    ['/assets/photo-AbCd1234.png', 'public, max-age=31536000, immutable', 'image/png'],
    ['/assets/demo/home-appliances.svg', 'public, max-age=300', 'image/svg+xml'],
    ['/robots.txt', 'public, max-age=300', 'text/plain; charset=utf-8'],
  ])('%s: Cache-Control %s, Content-Type %s', async (path, cacheControl, contentType) => {
    const answer = await send(base, path);
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe(cacheControl);
    expect(answer.headers['content-type']).toBe(contentType);
    const file = path === '/' ? 'index.html' : path.slice(1);
    expect(answer.body.equals(Buffer.from(FILES[file]!))).toBe(true);
  });

  it.each(['/products/blue-kettle', '/account/orders/ord_01J0', '/checkout'])(
    'a deep link (%s, no dot) is index.html, revalidated every time',
    async (path) => {
      const answer = await send(base, path);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(answer.body.toString()).toBe(FILES['index.html']);
    },
  );

  it.each([
    '/assets/index-Zz9Zz9Zz.js',
    '/assets/gone-Qw3rTy12.css',
    '/favicon.ico',
    '/.source-hash',
    '/assets/..%2F..%2Fpackage.json',
  ])('a missing file (%s) is a 404 problem, never index.html', async (path) => {
    const answer = await send(base, path);
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(answer.body.toString())).toMatchObject({ status: 404, title: 'Not Found' });
    expect(policyHeadersOf(answer)).toEqual(templatePolicy(false));
  });

  it.each(['/api/nonexistent', '/api/products-old', '/api/cart/items/x/y'])(
    'an unknown API path (%s) reaches the API origins and stays a 404 problem, never the SPA',
    async (path) => {
      const answer = await send(base, path);
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.body.toString()).not.toContain('<!doctype html>');
      expect(policyHeadersOf(answer)).toEqual(templatePolicy(false));
    },
  );

  it("the template's SPA fallback function rewrites only paths without a dot, never /api paths", () => {
    const { Resources } = readResourceTemplate('cdn.yml');
    const handler = compileCloudFrontFunction(
      String(Resources.SpaFallbackFunction!.Properties.FunctionCode),
      'SpaFallbackFunction',
    );
    const rewrite = (path: string) => {
      const result = handler(viewerRequestOf('GET', new URL(path, 'http://edge'), {}), '127.0.0.1');
      return 'request' in result ? result.request.uri : 'answered';
    };
    expect(rewrite('/')).toBe('/index.html');
    expect(rewrite('/products/blue-kettle?x=1')).toBe('/index.html');
    expect(rewrite('/assets/index-B1x2Y3z4.js')).toBe('/assets/index-B1x2Y3z4.js');
    expect(rewrite('/api/nonexistent')).toBe('/api/nonexistent');
    expect(rewrite('/api')).toBe('/api');
    // Only the default (site) behaviour runs it. The /api behaviours run the request-context function, which
    // never rewrites a path; /images/* runs none.
    const routes = cloudFrontBehaviours();
    expect(routes.defaultBehaviour.viewerRequest).toBeDefined();
    for (const behaviour of routes.behaviours) {
      if (!behaviour.pathPattern.startsWith('/api')) {
        expect(behaviour.viewerRequest, behaviour.pathPattern).toBeUndefined();
        continue;
      }
      const result = behaviour.viewerRequest!(
        viewerRequestOf('GET', new URL('/products/blue-kettle', 'http://edge'), {}),
        '127.0.0.1',
      );
      expect('request' in result && result.request.uri, behaviour.pathPattern).toBe('/products/blue-kettle');
    }
  });

  it.each([
    ['/assets/index-B1x2Y3z4.js', JS],
    ['/assets/index-Cq_9aZ01.css', FILES['assets/index-Cq_9aZ01.css'] as string],
    ['/assets/demo/home-appliances.svg', FILES['assets/demo/home-appliances.svg'] as string],
  ])(
    '%s: brotli and gzip bodies decode to the same bytes, smaller, with Vary: Accept-Encoding',
    async (path, text) => {
      const original = Buffer.from(text);
      const br = await send(base, path, { 'accept-encoding': 'gzip, deflate, br' });
      const gzip = await send(base, path, { 'accept-encoding': 'gzip' });
      const plain = await send(base, path, { 'accept-encoding': 'identity' });
      expect([br.headers['content-encoding'], gzip.headers['content-encoding']]).toEqual(['br', 'gzip']);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
      expect(gunzipSync(gzip.body).equals(original)).toBe(true);
      expect(plain.body.equals(original)).toBe(true);
      expect(br.body.length).toBeLessThan(gzip.body.length);
      expect(gzip.body.length).toBeLessThan(original.length);
      for (const answer of [br, gzip, plain]) expect(answer.headers.vary).toBe('Accept-Encoding');
      expect(Number(br.headers['content-length'])).toBe(br.body.length);
      // The compressed representation's ETag is the weak form of the file's, as CloudFront makes it.
      expect(br.headers.etag).toBe(`W/${plain.headers.etag}`);
    },
  );

  it('leaves images, files under 1,000 bytes and refused codings uncompressed', async () => {
    for (const path of ['/assets/photo-AbCd1234.png', '/assets/product-page-D4-fG7hJ.js', '/robots.txt']) {
      const answer = await send(base, path, { 'accept-encoding': 'br, gzip' });
      expect(answer.headers['content-encoding'], path).toBeUndefined();
      expect(answer.headers.vary, path).toBeUndefined();
    }
    const refused = await send(base, '/assets/index-B1x2Y3z4.js', { 'accept-encoding': 'br;q=0, gzip' });
    expect(refused.headers['content-encoding']).toBe('gzip');
  });

  it('compresses each file once per version, however many viewers ask', async () => {
    const site = new StaticSite(dist);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => site.answer('/assets/index-B1x2Y3z4.js', { 'accept-encoding': 'br' })),
    );
    expect(new Set(answers.map((a) => a.body))).toHaveLength(1);
    expect(site.compressions).toBe(1);
    await site.answer('/assets/index-B1x2Y3z4.js', { 'accept-encoding': 'gzip' });
    expect(site.compressions).toBe(2);
  });

  it('answers If-None-Match with 304 (strong or weak tag), and sees a rebuilt file at once', async () => {
    for (const path of ['/assets/index-B1x2Y3z4.js', '/index.html', '/products/blue-kettle']) {
      const first = await send(base, path, { 'accept-encoding': 'br' });
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^(W\/)?"[0-9a-f]{32}"$/);
      for (const tag of [etag, etag.replace(/^W\//, ''), `"other", ${etag}`]) {
        const again = await send(base, path, { 'if-none-match': tag, 'accept-encoding': 'br' });
        expect(again.status, `${path} ${tag}`).toBe(304);
        expect(again.body.length).toBe(0);
        expect(again.headers['cache-control']).toBe(first.headers['cache-control']);
        expect(policyHeadersOf(again)).toEqual(templatePolicy(false));
      }
      const changed = await send(base, path, { 'if-none-match': '"0123"' });
      expect(changed.status).toBe(200);
    }
    const robots = join(dist, 'robots.txt');
    const before = await send(base, '/robots.txt');
    writeFileSync(robots, 'User-agent: *\nDisallow: /checkout\n');
    utimesSync(robots, new Date(), new Date(Date.now() + 5000));
    const after = await send(base, '/robots.txt', { 'if-none-match': String(before.headers.etag) });
    expect(after.status).toBe(200);
    expect(after.body.toString()).toContain('Disallow');
    writeFileSync(robots, FILES['robots.txt']!);
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const get = await send(base, '/assets/index-B1x2Y3z4.js', { 'accept-encoding': 'gzip' });
    const head = await send(base, '/assets/index-B1x2Y3z4.js', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of [
      'content-type',
      'content-length',
      'content-encoding',
      'etag',
      'cache-control',
      'vary',
    ])
      expect(head.headers[name], name).toBe(get.headers[name]);
    const deepLink = await send(base, '/products/x', {}, 'HEAD');
    expect(deepLink.status).toBe(200);
    expect(deepLink.headers['cache-control']).toBe('no-cache');
  });

  it('refuses other methods on the site, as the default behaviour allows GET and HEAD only', async () => {
    const answer = await send(base, '/index.html', {}, 'POST');
    expect(answer.status).toBe(403);
    expect(policyHeadersOf(answer)).toEqual(templatePolicy(false));
  });

  it("puts the template's headers policy on every answer: static, fallback, 304, 404 and proxied", async () => {
    const answers = [
      await send(base, '/'),
      await send(base, '/products/blue-kettle'),
      await send(base, '/assets/index-B1x2Y3z4.js', { 'accept-encoding': 'br' }),
      await send(base, '/assets/missing-Ab12Cd34.js'),
      await send(base, '/api/products?limit=1'),
      await send(base, '/api/me'),
      await send(base, '/api/nonexistent'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 404, 200, 401, 404]);
    for (const answer of answers) expect(policyHeadersOf(answer)).toEqual(templatePolicy(false));
    // The origin's own X-Frame-Options is replaced, as the policy says (Override).
    expect(answers[4]!.headers['x-frame-options']).toBe('DENY');
    expect(answers[4]!.headers['cache-control']).toBe('public, max-age=1');
  });

  it('the policy is the one this repository declares: a CSP without inline scripts, and the rest', () => {
    expect(templatePolicy(true)).toEqual({
      'content-security-policy':
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'x-frame-options': 'DENY',
      'permissions-policy':
        'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
    });
  });

  it('sends Strict-Transport-Security only when told it is behind TLS, on static and proxied answers', async () => {
    for (const path of ['/', '/assets/index-B1x2Y3z4.js', '/api/products', '/api/nonexistent']) {
      expect((await send(base, path)).headers['strict-transport-security'], path).toBeUndefined();
      const behindTls = await send(tlsBase, path);
      expect(policyHeadersOf(behindTls), path).toEqual(templatePolicy(true));
    }
    const proxied = await send(tlsBase, '/api/products');
    expect(JSON.parse(proxied.body.toString()).path).toBe('/api/products');
  });

  it('serves the placeholder page at / while there is no build', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'shop-edge-empty-'));
    const port = await freePort();
    const bare = await startEdge(port, '127.0.0.1', { SiteBucket: { kind: 'static', dir: empty } });
    try {
      const answer = await send(`http://127.0.0.1:${port}`, '/products/x');
      expect(answer.status).toBe(200);
      expect(answer.body.toString()).toContain('The storefront is not built yet');
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(readFileSync(join(dist, 'index.html'), 'utf8')).toBe(FILES['index.html']);
    } finally {
      await close(bare);
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

/** `npm start` builds web/ when its sources changed since the build in web/dist, and starts anyway if it fails. */
describe("npm start's storefront build", () => {
  const root = mkdtempSync(join(tmpdir(), 'shop-web-build-'));
  const lines: string[] = [];
  const build = () =>
    buildStorefrontIfChanged({
      root,
      logFile: join(root, 'logs', 'web-build.log'),
      log: (l) => lines.push(l),
      quiet: false,
    });
  // A stand-in for Vite: copies web/src/*.html to web/dist, or fails when web/src/FAIL exists.
  const builder = `
    const fs = require('node:fs');
    if (fs.existsSync('web/src/FAIL')) { console.error('error: cannot parse web/src/app.ts'); process.exit(3); }
    fs.rmSync('web/dist', { recursive: true, force: true });
    fs.mkdirSync('web/dist', { recursive: true });
    fs.copyFileSync('web/src/index.html', 'web/dist/index.html');
    console.log('built 1 file');
  `;
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('keeps the placeholder while there is no web/, builds on change, reuses a fresh build, survives a failed one', async () => {
    writeFileSync(join(root, 'builder.cjs'), builder);
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ name: 'x', scripts: { 'build:web': 'node builder.cjs' } }),
    );
    expect(await build()).toEqual({ state: 'absent' });

    mkdirSync(join(root, 'web', 'src'), { recursive: true });
    writeFileSync(join(root, 'web', 'src', 'index.html'), '<p>one</p>');
    expect((await build()).state).toBe('built');
    expect(readFileSync(join(root, 'web', 'dist', 'index.html'), 'utf8')).toBe('<p>one</p>');
    expect(readFileSync(join(root, 'web', 'dist', '.source-hash'), 'utf8')).toBe(sourcesHash(root, ['web']));
    expect(lines.join('\n')).toMatch(
      /building it \(npm run build:web\)[\s\S]*\| built 1 file[\s\S]*built web\/dist in/,
    );

    // Unchanged sources: no build. node_modules and dist are not sources.
    mkdirSync(join(root, 'web', 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(root, 'web', 'node_modules', 'x', 'index.js'), '1');
    expect(await build()).toEqual({ state: 'fresh' });

    writeFileSync(join(root, 'web', 'src', 'index.html'), '<p>two</p>');
    expect((await build()).state).toBe('built');
    expect(readFileSync(join(root, 'web', 'dist', 'index.html'), 'utf8')).toBe('<p>two</p>');

    lines.length = 0;
    writeFileSync(join(root, 'web', 'src', 'FAIL'), '');
    const failed = await build();
    expect(failed).toMatchObject({ state: 'failed', reason: 'it exited with code 3' });
    expect(lines.join('\n')).toContain('cannot parse web/src/app.ts');
    expect(lines.join('\n')).toMatch(
      /the build FAILED .* the shop starts anyway and shows the previous build/,
    );
    expect(readFileSync(join(root, 'logs', 'web-build.log'), 'utf8')).toContain('cannot parse');
    // Still stale, so the next start tries again.
    expect((await build()).state).toBe('failed');
  });
});
