import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);

export interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string | string[];
}

export interface Template {
  Resources: Record<string, Resource>;
  Mappings?: Record<string, Record<string, Record<string, string>>>;
}

/** What decides the template: when none of it changed, the last packaging is reused. */
function inputsDigest(stage: string): string {
  const files = [
    'serverless.yml',
    'package-lock.json',
    ...readdirSync(join(ROOT, 'resources'))
      .filter((f) => f.endsWith('.yml'))
      .sort()
      .map((f) => `resources/${f}`),
  ];
  const hash = createHash('sha256').update(stage);
  for (const file of files) hash.update(file).update(readFileSync(join(ROOT, file)));
  return hash.digest('hex');
}

/** Test files run in parallel processes: one packaging per stage at a time. */
async function withLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(dir, '.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const stale = existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000;
      if (stale) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`waited 180 s for ${lock}`);
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * A copy of the service made of links to this checkout: osls empties `<service>/.serverless` on every package
 * and serverless-esbuild builds in `<service>/.esbuild`, which must not touch the working tree's own. osls only
 * accepts a real serverless.yml, so that one file is copied.
 */
function linkedService(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(ROOT)) {
    if (['.serverless', '.esbuild', '.data', '.git', 'serverless.yml'].includes(entry)) continue;
    symlinkSync(join(ROOT, entry), join(dir, entry));
  }
  copyFileSync(join(ROOT, 'serverless.yml'), join(dir, 'serverless.yml'));
  return dir;
}

/**
 * The CloudFormation template `osls package --stage <stage>` writes, packaged offline (no AWS account) outside
 * the working tree, or reused when serverless.yml, resources/ and the lock file are unchanged since last time.
 */
export async function packagedTemplate(stage = 'ci'): Promise<Template> {
  const checkout = createHash('sha256').update(ROOT).digest('hex').slice(0, 8);
  const dir = join(tmpdir(), `shop-template-${checkout}`, stage);
  mkdirSync(dir, { recursive: true });
  return withLock(dir, async () => {
    const templateFile = join(dir, 'cloudformation-template-update-stack.json');
    const digestFile = join(dir, 'inputs.sha256');
    const digest = inputsDigest(stage);
    const fresh =
      existsSync(templateFile) && existsSync(digestFile) && readFileSync(digestFile, 'utf8') === digest;
    if (!fresh) {
      const service = linkedService(join(dir, 'service'));
      await promisify(execFile)(
        process.execPath,
        [join(ROOT, 'node_modules/osls/bin/serverless.js'), 'package', '--stage', stage],
        { cwd: service, timeout: 170_000 },
      );
      copyFileSync(join(service, '.serverless', 'cloudformation-template-update-stack.json'), templateFile);
      rmSync(service, { recursive: true, force: true });
      writeFileSync(digestFile, digest);
    }
    return JSON.parse(readFileSync(templateFile, 'utf8')) as Template;
  });
}

export function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

export function resource(template: Template, id: string): Resource {
  const found = template.Resources[id];
  if (!found) throw new Error(`the template has no ${id}`);
  return found;
}

export const dependsOn = (r: Resource): string[] =>
  r.DependsOn === undefined ? [] : Array.isArray(r.DependsOn) ? r.DependsOn : [r.DependsOn];

/** Every string anywhere in a value (for dynamic references). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourcesOf = (s: Statement): unknown[] =>
  Array.isArray(s.Resource) ? s.Resource : [s.Resource];

/** Every statement an IAM role grants: its inline policies and the managed policies of the stack it attaches. */
export function roleStatements(template: Template, roleId: string): Statement[] {
  const props = resource(template, roleId).Properties as {
    Policies?: { PolicyDocument: { Statement: Statement[] } }[];
    ManagedPolicyArns?: unknown[];
  };
  const inline = (props.Policies ?? []).flatMap((p) => p.PolicyDocument.Statement);
  const managed = (props.ManagedPolicyArns ?? []).flatMap((arn) => {
    const ref = (arn as { Ref?: string }).Ref;
    if (!ref)
      throw new Error(`${roleId} attaches ${JSON.stringify(arn)}, which is not a policy of this stack`);
    const policy = resource(template, ref);
    return (policy.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement;
  });
  return [...inline, ...managed];
}
