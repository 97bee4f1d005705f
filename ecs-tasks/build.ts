/**
 * `npm run build:services`: each ECS service bundled to one ESM file in dist/services/, which its Dockerfile ships.
 * Only the native argon2 binding stays outside the bundle (installed as a production dependency in the image).
 */
import { bundleNodeEntry } from '../local/node-bundle.js';

export const SERVICES = ['users', 'cart', 'orders', 'search'] as const;

export async function buildServices(outdir = 'dist/services'): Promise<string[]> {
  const root = new URL('..', import.meta.url).pathname;
  await Promise.all(
    SERVICES.map((name) =>
      bundleNodeEntry(`${root}ecs-tasks/${name}/main.ts`, `${root}${outdir}/${name}.mjs`),
    ),
  );
  return SERVICES.map((name) => `${root}${outdir}/${name}.mjs`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of await buildServices()) console.log(`built ${file}`);
}
