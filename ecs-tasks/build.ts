/**
 * `npm run build:services`: each ECS service bundled to one ESM file in dist/services/, which its Dockerfile ships.
 * Only the native argon2 binding stays outside the bundle (installed as a production dependency in the image).
 */
import { build } from 'esbuild';

export const SERVICES = ['users', 'cart', 'orders', 'search'] as const;
export const EXTERNAL = ['@node-rs/argon2', 'pg-native', '@electric-sql/pglite'];

export async function buildServices(outdir = 'dist/services'): Promise<string[]> {
  const root = new URL('..', import.meta.url).pathname;
  await Promise.all(
    SERVICES.map((name) =>
      build({
        entryPoints: [`${root}ecs-tasks/${name}/main.ts`],
        outfile: `${root}${outdir}/${name}.mjs`,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        minify: true,
        sourcemap: 'linked',
        external: EXTERNAL,
        banner: {
          js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        },
        logLevel: 'warning',
      }),
    ),
  );
  return SERVICES.map((name) => `${root}${outdir}/${name}.mjs`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of await buildServices()) console.log(`built ${file}`);
}
