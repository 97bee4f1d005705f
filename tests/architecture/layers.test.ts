import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanImports } from './import-scanner.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const DEPLOYABLES = ['functions', 'ecs-tasks', 'admin-ec2'];
const LAYERED = ['domain', 'adapters', ...DEPLOYABLES];

function sourceFiles(dir: string): string[] {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.[cm]?[jt]sx?$/.test(entry.name) && !/\.test\.[cm]?[jt]sx?$/.test(entry.name) ? [path] : [];
  });
}

const resolvedTop = (file: string, specifier: string) =>
  relative(ROOT, join(ROOT, file, '..', specifier)).split('/')[0] ?? '';

/**
 * The hexagon's dependency rule for one file, given what it imports (every form: static, type, side-effect,
 * re-export, dynamic `import()` and `require()`): the offending `file -> specifier` pairs. A computed specifier
 * (`import(name)`) offends everywhere, since no rule can check it.
 */
function layerViolations(file: string, specifiers: readonly (string | null)[]): string[] {
  const top = file.split('/')[0]!;
  const allowed = (spec: string) => {
    const relativeTop = spec.startsWith('.') ? resolvedTop(file, spec) : null;
    if (top === 'domain') return spec.startsWith('node:') || spec === 'ulid' || relativeTop === 'domain';
    if (top === 'adapters') return relativeTop === null || ['adapters', 'domain'].includes(relativeTop);
    if (DEPLOYABLES.includes(top))
      return relativeTop === null || !DEPLOYABLES.filter((d) => d !== top).includes(relativeTop);
    return true;
  };
  return specifiers
    .filter((spec) => spec === null || !allowed(spec))
    .map((spec) => `${file} -> ${spec ?? '<computed specifier>'}`);
}

const violationsIn = (top: string) =>
  sourceFiles(top).flatMap((file) =>
    layerViolations(
      file,
      scanImports(readFileSync(join(ROOT, file), 'utf8')).map((r) => r.specifier),
    ),
  );

/** The hexagon's dependency rule, checked on every import of every source file. */
describe('layer rule', () => {
  it('domain/ imports only itself, node built-ins and the id generator', () => {
    expect(violationsIn('domain')).toEqual([]);
  });

  it('adapters/ never import the deployables (functions, ECS tasks, admin, local)', () => {
    expect(violationsIn('adapters')).toEqual([]);
  });

  it('deployables do not import each other', () => {
    expect(DEPLOYABLES.flatMap(violationsIn)).toEqual([]);
  });

  it('scans real files: the layered folders have source files and the scanner finds their imports', () => {
    for (const top of LAYERED.filter((dir) => existsSync(join(ROOT, dir)))) {
      const files = sourceFiles(top);
      expect(files.length, top).toBeGreaterThan(0);
      expect(
        files.flatMap((file) => scanImports(readFileSync(join(ROOT, file), 'utf8'))).length,
        top,
      ).toBeGreaterThan(0);
    }
    // The dynamic imports in the Postgres connector are seen (a regex on `from '...'` missed them).
    expect(
      scanImports(readFileSync(join(ROOT, 'adapters/postgres/connect.ts'), 'utf8'))
        .filter((r) => r.kind === 'dynamic')
        .map((r) => r.specifier),
    ).toContain('@electric-sql/pglite');
  });

  it('catches every import form crossing a layer, and a computed specifier anywhere', () => {
    const domain = scanImports(`
      import '../../adapters/setup.js';
      export * from '../../adapters/postgres/database.js';
      export { PostgresOrderStore } from '../../adapters/postgres/orders.postgres.adapter.js';
      const lazy = () => import('../../adapters/cache/redis.cache.adapter.js');
      const { Pool } = require('pg');
      const load = (name: string) => import(name);
      import { newId } from '../shared/ids.js';
      import { randomUUID } from 'node:crypto';
    `).map((r) => r.specifier);
    expect(layerViolations('domain/orders/x.ts', domain)).toEqual([
      'domain/orders/x.ts -> ../../adapters/setup.js',
      'domain/orders/x.ts -> ../../adapters/postgres/database.js',
      'domain/orders/x.ts -> ../../adapters/postgres/orders.postgres.adapter.js',
      'domain/orders/x.ts -> ../../adapters/cache/redis.cache.adapter.js',
      'domain/orders/x.ts -> pg',
      'domain/orders/x.ts -> <computed specifier>',
    ]);
    expect(
      layerViolations('adapters/payments/x.ts', [
        '../../ecs-tasks/chassis/config.js',
        '../../local/shop.js',
        '../../domain/orders/orders.ports.js',
        'pg',
      ]),
    ).toEqual([
      'adapters/payments/x.ts -> ../../ecs-tasks/chassis/config.js',
      'adapters/payments/x.ts -> ../../local/shop.js',
    ]);
    expect(
      layerViolations('functions/x.ts', [
        '../ecs-tasks/chassis/config.js',
        '../adapters/http/problem.js',
        null,
      ]),
    ).toEqual(['functions/x.ts -> ../ecs-tasks/chassis/config.js', 'functions/x.ts -> <computed specifier>']);
  });
});
