import { build } from 'esbuild';

/** Left outside every server bundle: the native argon2 binding (installed by `npm ci --omit=dev`) and optional drivers. */
export const BUNDLE_EXTERNAL = ['@node-rs/argon2', 'pg-native', '@electric-sql/pglite'];

/** One server entry point bundled to one minified ESM file for Node 20, as the ECS images and the admin host run it. */
export function bundleNodeEntry(entryPoint: string, outfile: string) {
  return build({
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    sourcemap: 'linked',
    external: BUNDLE_EXTERNAL,
    banner: {
      js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
}
