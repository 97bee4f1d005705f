/** What a packaged CloudFormation template deploys, counted for the cost model: instance sizes, counts, scaling bounds. */

export interface CfnTemplate {
  Parameters?: Record<string, { Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, { Type: string; Condition?: string; Properties?: Record<string, unknown> }>;
}

export interface Inventory {
  natGateways: number;
  /** Elastic IPs of the NAT gateways plus the ALB's one address per AZ. */
  publicIpv4: number;
  loadBalancers: number;
  services: { name: string; vcpu: number; memoryGb: number; minTasks: number; maxTasks: number }[];
  database: { instances: number; minAcu: number; maxAcu: number };
  cache: { nodeType: string; nodes: number };
  search: { instanceType: string; instances: number; volumeGb: number };
  admin: { instanceType: string; volumeGb: number };
  functions: { name: string; memoryMb: number }[];
  webAcl: { rules: number } | null;
  kmsKeys: number;
  secrets: number;
  alarmMetrics: number;
  logGroups: number;
  repositories: number;
  buckets: number;
}

/** The deploy-time value of an expression: parameters at their defaults, Fn::If by its condition, images present. */
export function resolver(template: CfnTemplate, region = 'us-east-1') {
  const parameter = (name: string): unknown => {
    if (name === 'AWS::Region') return region;
    if (name === 'ImageTag') return 'deployed';
    return template.Parameters?.[name]?.Default;
  };
  const condition = (name: string): boolean => Boolean(value(template.Conditions?.[name]));
  const value = (expression: unknown): unknown => {
    if (expression === null || typeof expression !== 'object' || Array.isArray(expression)) return expression;
    const [[fn, args]] = Object.entries(expression) as [[string, unknown]];
    const list = args as unknown[];
    switch (fn) {
      case 'Ref':
        return parameter(args as string);
      case 'Fn::If':
        return value(condition(list[0] as string) ? list[1] : list[2]);
      case 'Fn::Equals':
        return String(value(list[0])) === String(value(list[1]));
      case 'Fn::Not':
        return !value(list[0]);
      case 'Fn::And':
        return list.every((c) => Boolean(value(c)));
      case 'Condition':
        return condition(args as string);
      default:
        return expression;
    }
  };
  return { value, condition, number: (expression: unknown) => Number(value(expression)) };
}

export function inventoryOf(template: CfnTemplate): Inventory {
  const { value, condition, number } = resolver(template);
  const resources = Object.entries(template.Resources).filter(
    ([, r]) => r.Condition === undefined || condition(r.Condition),
  );
  const ofType = (type: string) =>
    resources.filter(([, r]) => r.Type === type).map(([id, r]) => ({ id, p: r.Properties ?? {} }));
  const one = (type: string) => {
    const [found] = ofType(type);
    if (!found) throw new Error(`the template has no ${type}`);
    return found.p;
  };

  const scaling = ofType('AWS::ApplicationAutoScaling::ScalableTarget');
  const services = ofType('AWS::ECS::Service').map(({ id, p }) => {
    const task = template.Resources[(p.TaskDefinition as { Ref: string }).Ref]!.Properties!;
    const target = scaling.find((s) => JSON.stringify(s.p.ResourceId).includes(`${id}.Name`))?.p ?? {};
    return {
      name: String(p.ServiceName),
      vcpu: Number(task.Cpu) / 1024,
      memoryGb: Number(task.Memory) / 1024,
      minTasks: number(target.MinCapacity),
      maxTasks: number(target.MaxCapacity),
    };
  });
  const cluster = one('AWS::RDS::DBCluster');
  const scalingConfig = cluster.ServerlessV2ScalingConfiguration as {
    MinCapacity: number;
    MaxCapacity: number;
  };
  const cache = one('AWS::ElastiCache::ReplicationGroup');
  const domain = one('AWS::OpenSearchService::Domain');
  const clusterConfig = domain.ClusterConfig as { InstanceType: string; InstanceCount: unknown };
  const launch = one('AWS::EC2::LaunchTemplate').LaunchTemplateData as {
    InstanceType: string;
    BlockDeviceMappings: { Ebs: { VolumeSize: number } }[];
  };
  const webAcl = ofType('AWS::WAFv2::WebACL')[0];
  const alarms = ofType('AWS::CloudWatch::Alarm');
  const natGateways = ofType('AWS::EC2::NatGateway').length;
  return {
    natGateways,
    publicIpv4: natGateways + 2 * ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').length,
    loadBalancers: ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').length,
    services,
    database: {
      instances: ofType('AWS::RDS::DBInstance').length,
      minAcu: Number(scalingConfig.MinCapacity),
      maxAcu: Number(scalingConfig.MaxCapacity),
    },
    cache: { nodeType: String(cache.CacheNodeType), nodes: number(cache.NumCacheClusters) },
    search: {
      instanceType: clusterConfig.InstanceType,
      instances: number(clusterConfig.InstanceCount),
      volumeGb: Number((domain.EBSOptions as { VolumeSize: number }).VolumeSize),
    },
    admin: {
      instanceType: String(value(launch.InstanceType)),
      volumeGb: launch.BlockDeviceMappings.reduce((sum, b) => sum + b.Ebs.VolumeSize, 0),
    },
    functions: ofType('AWS::Lambda::Function').map(({ id, p }) => ({
      name: id.replace(/LambdaFunction$/, ''),
      memoryMb: Number(p.MemorySize ?? 1024),
    })),
    webAcl: webAcl ? { rules: (webAcl.p.Rules as unknown[]).length } : null,
    kmsKeys: ofType('AWS::KMS::Key').length,
    secrets: ofType('AWS::SecretsManager::Secret').length,
    alarmMetrics: alarms.reduce(
      (sum, a) =>
        sum +
        ((a.p.Metrics as { MetricStat?: unknown }[] | undefined)?.filter((m) => m.MetricStat).length ?? 1),
      0,
    ),
    logGroups: ofType('AWS::Logs::LogGroup').length,
    repositories: ofType('AWS::ECR::Repository').length,
    buckets: ofType('AWS::S3::Bucket').length,
  };
}
