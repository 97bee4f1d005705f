import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packagedTemplate, ROOT, resource, resourcesOfType, stringsIn, type Template } from './template.js';

let template: Template;
// Packaging takes a few seconds, longer on a busy machine.
beforeAll(async () => {
  template = await packagedTemplate('ci');
}, 180_000);

interface Listener {
  Protocol: string;
  Port: number;
  SslPolicy?: string;
  Certificates?: { CertificateArn: string }[];
  DefaultActions: {
    Type: string;
    RedirectConfig?: { Protocol: string };
    FixedResponseConfig?: FixedResponse;
  }[];
}
interface FixedResponse {
  StatusCode: string;
  ContentType: string;
  MessageBody: string;
}
interface Condition {
  Field: string;
  HttpHeaderConfig?: { HttpHeaderName: string; Values: unknown[] };
}
interface Origin {
  Id: string;
  DomainName: unknown;
  CustomOriginConfig?: { OriginProtocolPolicy: string; OriginSSLProtocols?: string[] };
  OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
}

const listeners = () =>
  resourcesOfType(template, 'AWS::ElasticLoadBalancingV2::Listener').map(
    ([id, r]) => [id, r.Properties as unknown as Listener] as const,
  );
const listenerRules = () => resourcesOfType(template, 'AWS::ElasticLoadBalancingV2::ListenerRule');
const origins = () =>
  (resource(template, 'Distribution').Properties.DistributionConfig as { Origins: Origin[] }).Origins;
const origin = (id: string) => {
  const found = origins().find((o) => o.Id === id);
  if (!found) throw new Error(`CloudFront has no origin ${id}`);
  return found;
};
const originVerifyHeader = () =>
  origin('ServicesAlb').OriginCustomHeaders?.find((h) => h.HeaderName.toLowerCase() === 'x-origin-verify');

describe('CloudFront to the ALB', () => {
  it('no ALB listener forwards plain HTTP', () => {
    expect(listeners().length).toBeGreaterThan(0);
    for (const [id, listener] of listeners()) {
      if (listener.Protocol === 'HTTPS') continue;
      // A plain-HTTP listener may only redirect to HTTPS, and no rule may hang off it.
      expect(listener.DefaultActions, id).toEqual([
        expect.objectContaining({
          Type: 'redirect',
          RedirectConfig: expect.objectContaining({ Protocol: 'HTTPS' }),
        }),
      ]);
      const rules = listenerRules().filter(
        ([, r]) => (r.Properties.ListenerArn as { Ref: string }).Ref === id,
      );
      expect(rules.map(([ruleId]) => ruleId)).toEqual([]);
    }
  });

  it('both HTTPS listeners negotiate TLS 1.2 or newer with a certificate from configuration', () => {
    const https = listeners().filter(([, l]) => l.Protocol === 'HTTPS');
    // CloudFront's on 443, the operators' (admin) on 8443.
    expect(https.map(([id, l]) => [id, l.Port])).toEqual([
      ['HttpsListener', 443],
      ['AdminListener', 8443],
    ]);
    for (const [, listener] of https) {
      expect(listener.SslPolicy).toMatch(/^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)/);
      expect(listener.Certificates).toEqual([
        { CertificateArn: '{{resolve:ssm:/shop/ci/alb/certificate-arn}}' },
      ]);
    }
  });

  it('the ALB security group admits HTTPS from the CloudFront origin-facing prefix list, and 8443 from the operators only', () => {
    const group = resource(template, 'AlbSecurityGroup').Properties;
    const extraRules = resourcesOfType(template, 'AWS::EC2::SecurityGroupIngress').filter(
      ([, r]) => (r.Properties.GroupId as { Ref?: string }).Ref === 'AlbSecurityGroup',
    );
    expect(extraRules.map(([id, r]) => [id, r.Properties])).toEqual([
      [
        'AdminListenerIngress',
        expect.objectContaining({
          IpProtocol: 'tcp',
          FromPort: 8443,
          ToPort: 8443,
          CidrIp: '{{resolve:ssm:/shop/ci/admin/allowed-cidr}}',
        }),
      ],
    ]);
    const ingress = group.SecurityGroupIngress as Record<string, unknown>[];
    expect(ingress.length).toBeGreaterThan(0);
    for (const rule of ingress) {
      expect(rule).toMatchObject({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 });
      expect(rule).not.toHaveProperty('CidrIp');
      expect(rule).not.toHaveProperty('CidrIpv6');
      expect(rule).not.toHaveProperty('SourceSecurityGroupId');
      const [map, region, key] = (rule.SourcePrefixListId as { 'Fn::FindInMap': unknown[] })['Fn::FindInMap'];
      expect(region).toEqual({ Ref: 'AWS::Region' });
      const byRegion = template.Mappings?.[map as string] ?? {};
      // com.amazonaws.global.cloudfront.origin-facing in us-east-1 (aws ec2 describe-managed-prefix-lists).
      expect(byRegion['us-east-1']?.[key as string]).toBe('pl-3b927c52');
      for (const ids of Object.values(byRegion)) expect(ids[key as string]).toMatch(/^pl-[0-9a-f]{8}$/);
    }
  });

  it('every ALB listener rule requires the origin header, and CloudFront sends it from the same secret', () => {
    const sent = originVerifyHeader();
    expect(sent).toBeDefined();
    const secretRef = /^\{\{resolve:secretsmanager:\$\{([A-Za-z0-9]+)\}:SecretString\}\}$/.exec(
      (sent!.HeaderValue as { 'Fn::Sub': string })['Fn::Sub'],
    );
    expect(secretRef).not.toBeNull();
    const secret = resource(template, secretRef![1]!);
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    expect(secret.Properties.GenerateSecretString).toMatchObject({ ExcludePunctuation: true });
    expect(listenerRules().length).toBeGreaterThan(0);
    for (const [id, rule] of listenerRules()) {
      const conditions = rule.Properties.Conditions as Condition[];
      const header = conditions.find((c) => c.Field === 'http-header')?.HttpHeaderConfig;
      expect(header?.HttpHeaderName.toLowerCase(), id).toBe('x-origin-verify');
      expect(header?.Values, id).toEqual([sent!.HeaderValue]);
      expect(conditions.some((c) => c.Field === 'path-pattern')).toBe(true);
    }
  });

  it('requests without the header get a problem+json fixed response from the listener', () => {
    const https = listeners().filter(([, l]) => l.Protocol === 'HTTPS' && l.Port === 443);
    expect(https.length).toBeGreaterThan(0);
    for (const [id, listener] of https) {
      const [action] = listener.DefaultActions;
      expect(action?.Type, id).toBe('fixed-response');
      const response = action!.FixedResponseConfig!;
      expect(['403', '404']).toContain(response.StatusCode);
      expect(response.ContentType).toBe('application/problem+json');
      expect(JSON.parse(response.MessageBody)).toMatchObject({ status: Number(response.StatusCode) });
    }
  });

  it("CloudFront's ALB origin is https-only with TLS 1.2, at the name the ALB's alias record and certificate carry", () => {
    const alb = origin('ServicesAlb');
    expect(alb.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    const records = resourcesOfType(template, 'AWS::Route53::RecordSet').filter(
      ([, r]) =>
        JSON.stringify((r.Properties.AliasTarget as { DNSName: unknown }).DNSName) ===
        JSON.stringify({ 'Fn::GetAtt': ['ServicesLoadBalancer', 'DNSName'] }),
    );
    // The origin name, and the operators' admin name (on the 8443 listener).
    expect(records.map(([id]) => id).sort()).toEqual(['AdminRecord', 'AlbOriginRecord']);
    expect(resource(template, 'AlbOriginRecord').Properties.Name).toEqual(alb.DomainName);
    expect(alb.DomainName).toBe('{{resolve:ssm:/shop/ci/alb/domain-name}}');
  });
});

describe('CloudFront to the HTTP API', () => {
  it('the HTTP API default endpoint is disabled', () => {
    expect(resource(template, 'HttpApi').Properties.DisableExecuteApiEndpoint).toBe(true);
    for (const value of stringsIn(template.Resources))
      expect(value).not.toMatch(/execute-api\.\$\{AWS::Region\}/);
  });

  it('CloudFront reaches it through a regional custom domain mapped to the $default stage, with an alias record', () => {
    const domains = resourcesOfType(template, 'AWS::ApiGatewayV2::DomainName');
    expect(domains).toHaveLength(1);
    const [domainId, domain] = domains[0]!;
    expect(domain.Properties.DomainNameConfigurations).toEqual([
      expect.objectContaining({ EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }),
    ]);
    const mappings = resourcesOfType(template, 'AWS::ApiGatewayV2::ApiMapping').map(([, r]) => r.Properties);
    expect(mappings).toEqual([
      expect.objectContaining({
        DomainName: { Ref: domainId },
        ApiId: { Ref: 'HttpApi' },
        Stage: { Ref: 'HttpApiStage' },
      }),
    ]);
    expect(resource(template, 'HttpApiStage').Properties.StageName).toBe('$default');
    const api = origin('ProductApi');
    expect(api.DomainName).toEqual({ Ref: domainId });
    expect(api.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    const record = resourcesOfType(template, 'AWS::Route53::RecordSet').find(
      ([, r]) => JSON.stringify(r.Properties.Name) === JSON.stringify({ Ref: domainId }),
    );
    expect(record?.[1].Properties.AliasTarget).toMatchObject({
      DNSName: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] },
      HostedZoneId: { 'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'] },
    });
  });
});

describe('deploy-time inputs', () => {
  // The shop's own inputs; /aws/service/... are AWS's public parameters (the admin host's Amazon Linux image).
  const ssmReferences = () =>
    [...new Set(stringsIn(template.Resources).flatMap((s) => s.match(/\{\{resolve:ssm:[^}]+\}\}/g) ?? []))]
      .filter((reference) => !reference.startsWith('{{resolve:ssm:/aws/service/'))
      .sort();

  it('come from SSM parameters under /shop/<stage>/<service>/<thing>', () => {
    expect(ssmReferences()).toEqual([
      '{{resolve:ssm:/shop/ci/admin/allowed-cidr}}',
      '{{resolve:ssm:/shop/ci/admin/domain-name}}',
      '{{resolve:ssm:/shop/ci/alb/certificate-arn}}',
      '{{resolve:ssm:/shop/ci/alb/domain-name}}',
      '{{resolve:ssm:/shop/ci/api/certificate-arn}}',
      '{{resolve:ssm:/shop/ci/api/domain-name}}',
      '{{resolve:ssm:/shop/ci/cdn/certificate-arn}}',
      '{{resolve:ssm:/shop/ci/dns/domain-name}}',
      '{{resolve:ssm:/shop/ci/dns/hosted-zone-id}}',
      '{{resolve:ssm:/shop/ci/payments/url}}',
    ]);
  });

  it("are each listed in the README's Deploy section", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const deploy = readme.slice(
      readme.indexOf('\n## Deploy'),
      readme.indexOf('\n## ', readme.indexOf('\n## Deploy') + 1),
    );
    for (const reference of ssmReferences()) {
      const name = reference.replace('{{resolve:ssm:/shop/ci/', '/shop/<stage>/').replace('}}', '');
      expect(deploy).toContain(`\`${name}\``);
    }
  });
});
