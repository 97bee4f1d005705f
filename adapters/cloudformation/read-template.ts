import { readFileSync } from 'node:fs';
import { parse, type Tags } from 'yaml';

/** CloudFormation short-form tags (!Ref, !GetAtt, ...) read as their long form, e.g. `{ Ref: 'X' }`. */
const INTRINSICS = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'If',
  'Select',
  'Split',
  'ImportValue',
  'Equals',
  'GetAZs',
];
const cloudFormationTags: Tags = INTRINSICS.flatMap((name) =>
  (['scalar', 'seq', 'map'] as const).map((kind) => ({
    tag: `!${name}`,
    ...(kind === 'scalar' ? {} : { collection: kind }),
    resolve: (value: unknown) => ({ [name === 'Ref' ? 'Ref' : `Fn::${name}`]: value }),
  })),
);

export interface CloudFormationResource {
  Type: string;
  Properties: Record<string, unknown>;
}

/** Reads one of resources/*.yml, the same files serverless.yml deploys. */
export function readResourceTemplate(file: string): { Resources: Record<string, CloudFormationResource> } {
  const url = new URL(`../../resources/${file}`, import.meta.url);
  return parse(readFileSync(url, 'utf8'), { customTags: cloudFormationTags });
}
