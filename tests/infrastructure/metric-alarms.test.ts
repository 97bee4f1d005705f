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
    expect(alarms.map((a) => a.name).sort()).toEqual([
      'CartCacheHitRatioAlarm',
      'CheckoutFailuresAlarm',
      'PendingOrdersUndecidedAlarm',
    ]);
    for (const { name, properties } of alarms) {
      expect(properties.Namespace, name).toBe('Shop/ci');
      const dimensions = ((properties.Dimensions ?? []) as { Name: string }[]).map((d) => d.Name).sort();
      const written = Object.values(METRIC_SETS).find((set) =>
        set.metrics.some((metric) => metric.name === properties.MetricName),
      );
      expect(written, `${name}: ${String(properties.MetricName)}`).toBeDefined();
      expect(dimensions, name).toEqual([...written!.dimensions].sort());
    }
  });
});

interface MetricQuery {
  Id: string;
  Expression?: string;
  MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] };
  };
}

describe("alarms on DynamoDB's own metrics", () => {
  /**
   * Tables are on-demand: ReadThrottleEvents and WriteThrottleEvents are published per TableName for them (any
   * throttle), while ThrottledRequests also needs the Operation dimension and would watch one API call only.
   */
  it('watch read and write throttling on every table of the stack, by its TableName alone', () => {
    const tables = resourcesOfType(template, 'AWS::DynamoDB::Table').map(([name]) => name);
    expect(tables.length).toBeGreaterThan(0);
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([name, alarm]) => ({
      name,
      properties: alarm.Properties as { Metrics?: MetricQuery[]; AlarmActions: unknown[] },
    }));
    for (const table of tables) {
      const watching = alarms.filter(({ properties }) =>
        (properties.Metrics ?? []).some((query) =>
          query.MetricStat?.Metric.Dimensions.some(
            (d) => d.Name === 'TableName' && (d.Value as { Ref?: string }).Ref === table,
          ),
        ),
      );
      expect(
        watching.map((a) => a.name),
        table,
      ).toHaveLength(1);
      const { name, properties } = watching[0]!;
      const stats = properties
        .Metrics!.filter((query) => query.MetricStat)
        .map((query) => query.MetricStat!.Metric);
      expect(stats.map((m) => m.MetricName).sort(), name).toEqual([
        'ReadThrottleEvents',
        'WriteThrottleEvents',
      ]);
      for (const metric of stats) {
        expect(metric.Namespace, name).toBe('AWS/DynamoDB');
        expect(
          metric.Dimensions.map((d) => d.Name),
          name,
        ).toEqual(['TableName']);
      }
      const returned = properties.Metrics!.filter((query) => (query as { ReturnData?: boolean }).ReturnData);
      expect(
        returned.map((query) => query.Expression),
        name,
      ).toEqual(['FILL(reads, 0) + FILL(writes, 0)']);
      expect(properties.AlarmActions, name).toEqual([{ Ref: 'AlarmTopic' }]);
    }
  });
});
