import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_SETS } from '../../adapters/logs/metrics.js';
import { packagedTemplate, resourcesOfType, type Template } from './template.js';

let template: Template;
beforeAll(async () => {
  template = await packagedTemplate('ci');
}, 180_000);

/**
 * A CloudWatch metric is its name plus its exact set of dimensions: an alarm that names one dimension too few or a
 * metric the code never writes watches nothing and never fires.
 */
describe("alarms on the shop's own metrics", () => {
  it('watch a metric the services write, with exactly the dimensions they write it with', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm')
      .map(([name, alarm]) => ({ name, properties: alarm.Properties }))
      .filter(({ properties }) => String(properties.Namespace ?? '').startsWith('Shop/'));
    expect(alarms.map((a) => a.name).sort()).toEqual(['CartCacheHitRatioAlarm', 'CheckoutFailuresAlarm']);
    for (const { name, properties } of alarms) {
      expect(properties.Namespace, name).toBe('Shop/ci');
      const dimensions = (properties.Dimensions as { Name: string }[]).map((d) => d.Name).sort();
      const written = Object.values(METRIC_SETS).find((set) =>
        set.metrics.some((metric) => metric.name === properties.MetricName),
      );
      expect(written, `${name}: ${String(properties.MetricName)}`).toBeDefined();
      expect(dimensions, name).toEqual([...written!.dimensions].sort());
    }
  });
});
