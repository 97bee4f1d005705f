import { beforeAll, describe, expect, it } from 'vitest';
import { packagedTemplate, resourcesOfType, type Template } from './template.js';

let template: Template;
// Packaging takes a few seconds, longer on a busy machine.
beforeAll(async () => {
  template = await packagedTemplate('local');
}, 180_000);

describe('the local stage (npm start runs it through serverless-offline)', () => {
  // The orders service sweeps locally; serverless-offline skips a schedule whose `enabled` is false.
  it('does not schedule the recoverOrders Lambda', () => {
    const [, rule] = resourcesOfType(template, 'AWS::Events::Rule').find(([id]) =>
      id.startsWith('RecoverOrders'),
    )!;
    expect(rule.Properties.State).toBe('DISABLED');
  });
});
