/**
 * `npm run build:admin-release`: the admin UI (npm run build:admin), then what the admin EC2 instance runs, in
 * dist/admin/: the server, the migration runner and admin:create each bundled to one ESM file, the admin UI
 * (admin-ec2/ui/dist), the systemd unit, and the package files for `npm ci --omit=dev` (the native argon2 binding stays outside the bundles). Then
 * dist/admin-release.tar.gz, which the deploy uploads and the instance's bootstrap script unpacks.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleNodeEntry } from '../local/node-bundle.js';

export const ADMIN_ENTRIES = {
  main: 'main.ts',
  migrate: 'migrate.ts',
  'create-admin': 'create-admin.ts',
} as const;
const ROOT = new URL('..', import.meta.url).pathname;

export async function buildAdminRelease(outdir = join(ROOT, 'dist', 'admin')): Promise<string> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await Promise.all(
    Object.entries(ADMIN_ENTRIES).map(([name, entry]) =>
      bundleNodeEntry(join(ROOT, 'admin-ec2', entry), join(outdir, `${name}.mjs`)),
    ),
  );
  for (const file of ['package.json', 'package-lock.json', '.npmrc'])
    cpSync(join(ROOT, file), join(outdir, file));
  cpSync(join(ROOT, 'admin-ec2', 'deploy'), join(outdir, 'deploy'), { recursive: true });
  const ui = join(ROOT, 'admin-ec2', 'ui', 'dist');
  if (existsSync(ui)) cpSync(ui, join(outdir, 'ui'), { recursive: true });
  return outdir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  execFileSync('npm', ['run', 'build:admin', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const outdir = await buildAdminRelease();
  const tarball = join(ROOT, 'dist', 'admin-release.tar.gz');
  execFileSync('tar', ['-czf', tarball, '-C', outdir, '.']);
  console.log(
    `built ${outdir}${existsSync(join(outdir, 'ui')) ? '' : ' (no UI: run npm run build:admin first)'}`,
  );
  console.log(`release ${tarball}`);
}
