/**
 * CloudWatch Embedded Metric Format: a log line carrying an `_aws` block becomes metrics in CloudWatch as it is
 * ingested (no PutMetricData call, no agent). The metric values and dimension values are the line's own top-level
 * fields, so an access line is its own metric document and nothing is logged twice.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
/** One namespace per stage, so dev's traffic never moves prod's alarms (resources/alarms.yml). */
export const METRICS_NAMESPACE = `Shop/${process.env.STAGE || 'local'}`;

export type MetricUnit = 'Milliseconds' | 'Count' | 'Percent' | 'None';

export interface MetricSet {
  /** Field names whose values are the dimensions (keep them low-cardinality: route templates, never paths). */
  dimensions: readonly string[];
  /** Field names whose numeric values are the metrics. */
  metrics: readonly { name: string; unit: MetricUnit }[];
}

export interface EmbeddedMetrics {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: readonly {
      Namespace: string;
      Dimensions: readonly (readonly string[])[];
      Metrics: readonly { Name: string; Unit: MetricUnit }[];
    }[];
  };
}

/** The `_aws` block for `set`; spread it into the fields of the line that carries the values. */
export function metricSet(set: MetricSet): (at?: number) => EmbeddedMetrics {
  // Built once per set: the per-line cost is one small object.
  const directives = [
    {
      Namespace: METRICS_NAMESPACE,
      Dimensions: [set.dimensions],
      Metrics: set.metrics.map((metric) => ({ Name: metric.name, Unit: metric.unit })),
    },
  ] as const;
  return (at = Date.now()) => ({ _aws: { Timestamp: at, CloudWatchMetrics: directives } });
}

/** Every metric the shop writes; alarms (resources/alarms.yml) must name one of these with exactly its dimensions. */
export const METRIC_SETS = {
  /** The access line of every HTTP request, per service and route template: latency and server errors. */
  access: {
    dimensions: ['service', 'route'],
    metrics: [
      { name: 'durationMs', unit: 'Milliseconds' },
      { name: 'serverError', unit: 'Count' },
    ],
  },
  /** A service's cache over the last interval (hits / (hits + misses) is the hit ratio alarms and dashboards use). */
  cache: {
    dimensions: ['service'],
    metrics: [
      { name: 'cacheHits', unit: 'Count' },
      { name: 'cacheMisses', unit: 'Count' },
      { name: 'cacheHitRatio', unit: 'Percent' },
    ],
  },
  /** One line per checkout that reached a decision: confirmed, pending, declined, rejected (4xx) or failed (5xx). */
  checkout: {
    dimensions: ['service', 'outcome'],
    metrics: [
      { name: 'checkouts', unit: 'Count' },
      { name: 'checkoutMs', unit: 'Milliseconds' },
    ],
  },
  /**
   * One line per sweep of stale PENDING orders (the orders service's and the recoverOrders Lambda's): how many it
   * confirmed, failed, or could not decide. Every sweeper sees every stale order, so the metric has no dimension and
   * its Maximum is the number of orders left undecided, whoever swept.
   */
  orderSweep: {
    dimensions: [],
    metrics: [
      { name: 'sweptConfirmed', unit: 'Count' },
      { name: 'sweptFailed', unit: 'Count' },
      { name: 'sweptUndecided', unit: 'Count' },
    ],
  },
} as const satisfies Record<string, MetricSet>;

export const accessMetrics = metricSet(METRIC_SETS.access);
export const cacheMetrics = metricSet(METRIC_SETS.cache);
export const checkoutMetrics = metricSet(METRIC_SETS.checkout);
const orderSweepMetrics = metricSet(METRIC_SETS.orderSweep);

/** The fields of a sweep's line: its counts as the `orderSweep` metrics. */
export function orderSweepFields(result: { confirmed: number; failed: number; undecided: number }) {
  return {
    sweptConfirmed: result.confirmed,
    sweptFailed: result.failed,
    sweptUndecided: result.undecided,
    ...orderSweepMetrics(),
  };
}
