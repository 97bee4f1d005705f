import type { Inventory } from './inventory.js';

/** bench/cost/prices.json: USD list prices. */
export interface Prices {
  natGatewayHour: number;
  natGatewayGb: number;
  publicIpv4Hour: number;
  albHour: number;
  albLcuHour: number;
  fargateArmVcpuHour: number;
  fargateArmGbHour: number;
  auroraServerlessV2AcuHour: number;
  auroraStorageGbMonth: number;
  auroraIoMillion: number;
  rdsDataApiMillion: number;
  elasticacheNodeHour: Record<string, number>;
  opensearchInstanceHour: Record<string, number>;
  opensearchGp3GbMonth: number;
  ec2InstanceHour: Record<string, number>;
  ebsGp3GbMonth: number;
  lambdaArmGbSecond: number;
  lambdaRequestMillion: number;
  lambdaFreeGbSeconds: number;
  lambdaFreeRequests: number;
  httpApiRequestMillion: number;
  cloudfrontGbOut: number;
  cloudfrontHttpsRequestMillion: number;
  cloudfrontFreeGb: number;
  cloudfrontFreeRequests: number;
  wafWebAclMonth: number;
  wafRuleMonth: number;
  wafRequestMillion: number;
  dynamodbReadMillion: number;
  dynamodbWriteMillion: number;
  dynamodbStorageGbMonth: number;
  dynamodbPitrGbMonth: number;
  s3StandardGbMonth: number;
  s3PutThousand: number;
  s3GetThousand: number;
  kmsKeyMonth: number;
  kmsRequestTenThousand: number;
  secretMonth: number;
  secretApiTenThousand: number;
  cloudwatchAlarmMetricMonth: number;
  cloudwatchLogsIngestGb: number;
  cloudwatchLogsStoreGbMonth: number;
  cloudwatchCustomMetricMonth: number;
  vendedLogsToS3Gb: number;
  route53HostedZoneMonth: number;
  cloudMapInstanceMonth: number;
  firehoseIngestGb: number;
}

export interface PriceTable {
  source: string;
  compiled: string;
  note: string;
  hoursPerMonth: number;
  prices: Prices;
}

/** What a visit costs in requests and bytes. Every number is an assumption, printed with the result. */
export const ASSUMPTIONS = {
  daysPerMonth: 30,
  pagesPerVisit: 5,
  /** HTML, scripts, styles, images and API calls that reach CloudFront per visit (returning visitors' browsers cache the rest). */
  cloudFrontRequestsPerVisit: 40,
  /** Bytes CloudFront sends per visit: ~250 KB of compressed app the first time, product images, API JSON. */
  megabytesPerVisit: 1.5,
  /** Product API calls (listings, product pages, categories) per visit, and the share CloudFront answers (1 s TTL). */
  productApiCallsPerVisit: 6,
  productApiCacheHitRatio: 0.2,
  /** Service calls through the ALB per visit (session, cart, search, events) and per order (quote, checkout, orders). */
  serviceCallsPerVisit: 6,
  conversionRate: 0.02,
  serviceCallsPerOrder: 5,
  /** Static files served from S3 on a CloudFront miss. */
  staticCacheHitRatio: 0.95,
  /** Average Lambda duration at 512 MB (warm; the cold starts of the bench are a small share). */
  lambdaMilliseconds: 40,
  /** DynamoDB read request units per product API call and per service call; write units per visit and per order. */
  readUnitsPerApiCall: 4,
  readUnitsPerServiceCall: 2,
  writeUnitsPerVisit: 0.6,
  writeUnitsPerOrder: 6,
  /** PostgreSQL queries per service call; one ACU serves this many queries a second at the target utilisation. */
  queriesPerServiceCall: 3,
  queriesPerSecondPerAcu: 250,
  /** Service requests one vCPU serves at the 60% CPU target (fastify + PostgreSQL + Redis, mostly cache hits). */
  requestsPerSecondPerVcpu: 150,
  /** Daily average over peak-driven autoscaling: the day's mean capacity is this multiple of the mean load. */
  capacityOverMeanLoad: 1.5,
  /** Data sizes: the catalog (10,000 products with SKUs), carts, the database's base and each order's share. */
  catalogGb: 0.1,
  cartsGbPer100kVisitors: 0.5,
  databaseBaseGb: 2,
  kilobytesPerOrder: 8,
  monthsOfOrders: 12,
  /** One log line per request (access logs, app logs), kept a year in S3; CloudWatch keeps 30 days. */
  logKilobytesPerRequest: 1.2,
  /** NAT: image pulls, package installs, payment calls; per day, plus per order. */
  natBaseGbPerDay: 1,
  natKilobytesPerOrder: 20,
  /** Container Insights: metrics per service and per task. */
  insightsMetricsPerService: 12,
  siteAndImagesGb: 5,
} as const;

export interface CostLine {
  service: string;
  monthly: number;
  detail: string;
}

const round = (n: number) => Math.round(n * 100) / 100;
const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

export function monthlyCost(inventory: Inventory, table: PriceTable, dailyVisitors: number): CostLine[] {
  const a = ASSUMPTIONS;
  const p = table.prices;
  const hours = table.hoursPerMonth;
  const visits = dailyVisitors * a.daysPerMonth;
  const orders = visits * a.conversionRate;
  const cloudFrontRequests = visits * a.cloudFrontRequestsPerVisit;
  const apiCalls = visits * a.productApiCallsPerVisit * (1 - a.productApiCacheHitRatio);
  const serviceCalls = visits * a.serviceCallsPerVisit + orders * a.serviceCallsPerOrder;
  const meanServiceRps = serviceCalls / (a.daysPerMonth * 86_400);
  const priceOf = (
    kind: 'elasticacheNodeHour' | 'opensearchInstanceHour' | 'ec2InstanceHour',
    type: string,
  ) => {
    const price = p[kind][type];
    if (price === undefined) throw new Error(`prices.json has no ${kind} for ${type}`);
    return price;
  };
  const lines: CostLine[] = [];
  const add = (service: string, monthly: number, detail: string) =>
    lines.push({ service, monthly: round(monthly), detail });

  // Compute.
  const totalVcpu = inventory.services.reduce((sum, s) => sum + s.vcpu, 0);
  let taskHours = 0;
  let fargate = 0;
  for (const s of inventory.services) {
    const share = s.vcpu / totalVcpu;
    const needed = (meanServiceRps * share * a.capacityOverMeanLoad) / (a.requestsPerSecondPerVcpu * s.vcpu);
    const tasks = clamp(Math.ceil(needed), s.minTasks, s.maxTasks);
    taskHours += tasks * hours;
    fargate += tasks * hours * (s.vcpu * p.fargateArmVcpuHour + s.memoryGb * p.fargateArmGbHour);
  }
  add(
    'ECS Fargate (ARM64)',
    fargate,
    `${inventory.services.length} services, ${Math.round(taskHours / hours)} tasks on average`,
  );
  const lcus = Math.max(1, serviceCalls / (a.daysPerMonth * 86_400) / 25);
  add(
    'Application Load Balancer',
    inventory.loadBalancers * hours * (p.albHour + lcus * p.albLcuHour),
    `${lcus.toFixed(1)} LCU`,
  );
  const gbSeconds = apiCalls * (a.lambdaMilliseconds / 1000) * 0.5;
  const lambda =
    Math.max(0, gbSeconds - p.lambdaFreeGbSeconds) * p.lambdaArmGbSecond +
    (Math.max(0, apiCalls + 43_200 - p.lambdaFreeRequests) / 1e6) * p.lambdaRequestMillion;
  add(
    'Lambda (ARM64)',
    lambda,
    `${(apiCalls / 1e6).toFixed(2)} M invocations (+ the sweeper every minute), free tier applied`,
  );
  add(
    'API Gateway HTTP API',
    (apiCalls / 1e6) * p.httpApiRequestMillion,
    `${(apiCalls / 1e6).toFixed(2)} M requests`,
  );
  const admin =
    hours * priceOf('ec2InstanceHour', inventory.admin.instanceType) +
    inventory.admin.volumeGb * p.ebsGp3GbMonth;
  add('EC2 admin host', admin, `${inventory.admin.instanceType}, ${inventory.admin.volumeGb} GB gp3`);

  // Data.
  const queriesPerSecond = meanServiceRps * a.queriesPerServiceCall * a.capacityOverMeanLoad;
  const writerAcu = clamp(
    inventory.database.minAcu + queriesPerSecond / a.queriesPerSecondPerAcu,
    inventory.database.minAcu,
    inventory.database.maxAcu,
  );
  const readerAcu = inventory.database.minAcu;
  const databaseGb = a.databaseBaseGb + (orders * a.monthsOfOrders * a.kilobytesPerOrder) / 1e6;
  const ioMillions = (serviceCalls * a.queriesPerServiceCall * 0.3) / 1e6;
  add(
    'Aurora PostgreSQL Serverless v2',
    (writerAcu + readerAcu * (inventory.database.instances - 1)) * hours * p.auroraServerlessV2AcuHour +
      databaseGb * p.auroraStorageGbMonth +
      ioMillions * p.auroraIoMillion +
      (43_200 * 4 * p.rdsDataApiMillion) / 1e6,
    `writer ${writerAcu.toFixed(1)} ACU, reader ${readerAcu} ACU, ${databaseGb.toFixed(1)} GB`,
  );
  const reads =
    visits * (a.productApiCallsPerVisit * (1 - a.productApiCacheHitRatio) * a.readUnitsPerApiCall) +
    serviceCalls * a.readUnitsPerServiceCall;
  const writes = visits * a.writeUnitsPerVisit + orders * a.writeUnitsPerOrder;
  const tableGb = a.catalogGb + (dailyVisitors / 100_000) * a.cartsGbPer100kVisitors;
  add(
    'DynamoDB (on demand, PITR)',
    (reads / 1e6) * p.dynamodbReadMillion +
      (writes / 1e6) * p.dynamodbWriteMillion +
      tableGb * (p.dynamodbStorageGbMonth + p.dynamodbPitrGbMonth),
    `${(reads / 1e6).toFixed(1)} M reads, ${(writes / 1e6).toFixed(2)} M writes, ${tableGb.toFixed(1)} GB`,
  );
  add(
    'ElastiCache Redis',
    inventory.cache.nodes * hours * priceOf('elasticacheNodeHour', inventory.cache.nodeType),
    `${inventory.cache.nodes} x ${inventory.cache.nodeType}`,
  );
  add(
    'OpenSearch',
    inventory.search.instances *
      (hours * priceOf('opensearchInstanceHour', inventory.search.instanceType) +
        inventory.search.volumeGb * p.opensearchGp3GbMonth),
    `${inventory.search.instances} x ${inventory.search.instanceType}, ${inventory.search.volumeGb} GB gp3 each`,
  );

  // Edge.
  const gbOut = (visits * a.megabytesPerVisit) / 1000;
  add(
    'CloudFront',
    Math.max(0, gbOut - p.cloudfrontFreeGb) * p.cloudfrontGbOut +
      (Math.max(0, cloudFrontRequests - p.cloudfrontFreeRequests) / 1e6) * p.cloudfrontHttpsRequestMillion,
    `${gbOut.toFixed(0)} GB, ${(cloudFrontRequests / 1e6).toFixed(1)} M requests, free tier applied`,
  );
  if (inventory.webAcl)
    add(
      'WAF',
      p.wafWebAclMonth +
        inventory.webAcl.rules * p.wafRuleMonth +
        (cloudFrontRequests / 1e6) * p.wafRequestMillion,
      `${inventory.webAcl.rules} rules`,
    );
  const s3Gets = cloudFrontRequests * 0.75 * (1 - a.staticCacheHitRatio);
  const logGb = ((cloudFrontRequests + serviceCalls * 2 + apiCalls * 2) * a.logKilobytesPerRequest) / 1e6;
  // A year of logs, priced as S3 Standard throughout (an upper bound: after 30 days they move to cheaper classes).
  const logStoredGb = logGb * 6;
  add(
    'S3 (site, images, logs, releases)',
    (a.siteAndImagesGb + logStoredGb) * p.s3StandardGbMonth +
      (s3Gets / 1000) * p.s3GetThousand +
      50 * p.s3PutThousand,
    `${logGb.toFixed(1)} GB of logs a month, 50,000 log objects`,
  );

  // Network.
  const natGb = a.natBaseGbPerDay * a.daysPerMonth + (orders * a.natKilobytesPerOrder) / 1e6;
  add(
    'NAT gateways',
    inventory.natGateways * hours * p.natGatewayHour + natGb * p.natGatewayGb,
    `${inventory.natGateways} gateway(s), ${natGb.toFixed(0)} GB`,
  );
  add(
    'Public IPv4 addresses',
    inventory.publicIpv4 * hours * p.publicIpv4Hour,
    `${inventory.publicIpv4} (NAT and ALB)`,
  );

  // Operations.
  const appLogGb = ((serviceCalls + apiCalls) * a.logKilobytesPerRequest) / 1e6;
  const cloudWatch =
    appLogGb * (p.cloudwatchLogsIngestGb + p.cloudwatchLogsStoreGbMonth) +
    inventory.alarmMetrics * p.cloudwatchAlarmMetricMonth +
    inventory.services.length * a.insightsMetricsPerService * p.cloudwatchCustomMetricMonth;
  add(
    'CloudWatch (logs, alarms, Container Insights)',
    cloudWatch,
    `${appLogGb.toFixed(1)} GB of app logs, ${inventory.alarmMetrics} alarm metrics`,
  );
  add(
    'Firehose and VPC flow logs',
    appLogGb * p.firehoseIngestGb * 2 + ((serviceCalls * 0.3) / 1e6) * p.vendedLogsToS3Gb + 1,
    'app logs to S3 (5 KB billing increments), flow logs',
  );
  add(
    'KMS, Secrets Manager, Route 53, Cloud Map',
    inventory.kmsKeys * p.kmsKeyMonth +
      ((serviceCalls * 0.05) / 10_000) * p.kmsRequestTenThousand +
      inventory.secrets * p.secretMonth +
      2 * p.route53HostedZoneMonth +
      inventory.services.length * 2 * p.cloudMapInstanceMonth,
    `${inventory.kmsKeys} key, ${inventory.secrets} secrets, 2 hosted zones`,
  );
  return lines;
}

export const total = (lines: CostLine[]) => round(lines.reduce((sum, l) => sum + l.monthly, 0));
