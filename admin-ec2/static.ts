import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/shared/errors.js';
import { StaticSite } from '../local/edge/static-site.js';
import type { AdminConfig } from './config.js';
import { SCREENS } from './ui/src/screens.js';

/**
 * Where the built UI is: admin-ec2/ui/dist beside this file when run from the source (npm start), or ui/ beside the
 * bundled server in the release (admin-ec2/build.ts copies the build there). ui/ of the source holds the unbuilt
 * index.html, which is not servable: the release's has its assets folder beside it.
 */
export function adminUiDir(here = fileURLToPath(new URL('.', import.meta.url))): string {
  const source = join(here, 'ui', 'dist');
  const release = join(here, 'ui');
  if (!existsSync(join(source, 'index.html')) && existsSync(join(release, 'assets'))) return release;
  return source;
}

/** The CSP of the storefront's edge, plus the image bucket: previews load from it and uploads PUT to it. */
export function adminCsp(
  config: Pick<AdminConfig, 'S3_ENDPOINT' | 'IMAGES_PUBLIC_URL' | 'IMAGES_BUCKET' | 'AWS_REGION'>,
) {
  const origin = (url: string | undefined) => (url ? new URL(url).origin : null);
  const bucket = config.IMAGES_BUCKET;
  const uploads = config.S3_ENDPOINT
    ? [origin(config.S3_ENDPOINT)]
    : bucket
      ? [`https://${bucket}.s3.${config.AWS_REGION}.amazonaws.com`, `https://${bucket}.s3.amazonaws.com`]
      : [];
  const images = [...new Set([origin(config.IMAGES_PUBLIC_URL), ...uploads].filter(Boolean))].join(' ');
  const connect = [...new Set(uploads.filter(Boolean))].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${images ? ` ${images}` : ''}`,
    `connect-src 'self'${connect ? ` ${connect}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

const noUi = () =>
  new DomainError(
    'ADMIN.UI_NOT_BUILT',
    'unavailable',
    'the admin UI is not built on this server: run npm run build:admin',
  );

/**
 * The admin UI at /admin/: index.html (revalidated on every load, with the CSP) for every screen's path, so deep
 * links work; hashed assets under /admin/assets/ cached for a year; `/` and `/admin` send to `/admin/`. Only the
 * screens' paths are answered, so any other /admin/api/... stays the chassis's 404 problem.
 */
export function registerAdminUi(
  app: FastifyInstance,
  config: Parameters<typeof adminCsp>[0],
  dir = adminUiDir(),
): void {
  const site = new StaticSite(dir);
  const csp = adminCsp(config);
  const send = async (request: FastifyRequest, reply: FastifyReply, uri: string) => {
    const answer = await site.answer(uri, request.headers);
    if (answer.status === 404) {
      if (uri === '/index.html') throw noUi();
      throw new DomainError('HTTP.NO_ROUTE', 'not_found', `no file ${request.url.split('?')[0]}`);
    }
    reply.status(answer.status).headers(answer.headers);
    if (uri === '/index.html')
      reply.headers({
        'content-security-policy': csp,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'same-origin',
      });
    else reply.header('x-content-type-options', 'nosniff');
    return reply.send(answer.body);
  };

  app.get('/', (_request, reply) => reply.redirect('/admin/', 302));
  app.get('/admin', (_request, reply) => reply.redirect('/admin/', 302));
  for (const screen of Object.values(SCREENS))
    app.get(screen.path, (request, reply) => send(request, reply, '/index.html'));
  app.get('/admin/favicon.svg', (request, reply) => send(request, reply, '/favicon.svg'));
  app.get<{ Params: { file: string } }>('/admin/assets/:file', (request, reply) =>
    send(request, reply, `/assets/${request.params.file}`),
  );
}
