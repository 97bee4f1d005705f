import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const importsOf = (file: string) =>
  [...readFileSync(join(ROOT, file), 'utf8').matchAll(/(?:import|export)[^'"]*from\s+'([^']+)'/g)].map(
    (m) => m[1]!,
  );

const resolvedTop = (file: string, specifier: string) =>
  relative(ROOT, join(ROOT, file, '..', specifier)).split('/')[0];

/** The hexagon's dependency rule, checked on every import. */
describe('layer rule', () => {
  it('domain/ imports only itself, node built-ins and the id generator', () => {
    const offenders = sourceFiles('domain').flatMap((file) =>
      importsOf(file)
        .filter(
          (spec) =>
            !(
              spec.startsWith('node:') ||
              spec === 'ulid' ||
              (spec.startsWith('.') && resolvedTop(file, spec) === 'domain')
            ),
        )
        .map((spec) => `${file} -> ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('adapters/ never import the deployables (functions, ECS tasks, admin, local)', () => {
    const offenders = sourceFiles('adapters').flatMap((file) =>
      importsOf(file)
        .filter(
          (spec) => spec.startsWith('.') && !['adapters', 'domain'].includes(resolvedTop(file, spec) ?? ''),
        )
        .map((spec) => `${file} -> ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('deployables do not import each other', () => {
    const deployables = ['functions', 'ecs-tasks', 'admin-ec2'];
    const offenders = deployables.flatMap((top) =>
      sourceFiles(top).flatMap((file) =>
        importsOf(file)
          .filter(
            (spec) =>
              spec.startsWith('.') &&
              deployables.filter((d) => d !== top).includes(resolvedTop(file, spec) ?? ''),
          )
          .map((spec) => `${file} -> ${spec}`),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
