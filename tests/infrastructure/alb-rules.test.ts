import { describe, expect, it } from 'vitest';
import { readResourceTemplate } from '../../adapters/cloudformation/read-template.js';
import { albRules, headersMatch } from '../../local/alb-rules.js';

const routing = albRules();
const ruleFor = (path: string) => routing.rules.find((r) => r.matches(path));
const SECRET = 'Abc123secret';
const secretValue = (id: string) => (id === 'OriginVerifySecret' ? SECRET : undefined);

describe('local/alb-rules.ts on resources/alb.yml', () => {
  it('reads the HTTPS listener rules in priority order', () => {
    expect(routing.rules.map((r) => [r.priority, r.targetGroup])).toEqual([
      [10, 'UsersTargetGroup'],
      [20, 'CartTargetGroup'],
      [30, 'OrdersTargetGroup'],
      [35, 'OrdersTargetGroup'],
      [40, 'SearchTargetGroup'],
    ]);
  });

  it.each([
    ['/api/auth/login', 'UsersTargetGroup'],
    ['/api/me', 'UsersTargetGroup'],
    ['/api/addresses', 'UsersTargetGroup'],
    ['/api/addresses/adr_01JD0000000000000000000000', 'UsersTargetGroup'],
    ['/api/cart', 'CartTargetGroup'],
    ['/api/cart/items/sku_1', 'CartTargetGroup'],
    ['/api/checkout', 'OrdersTargetGroup'],
    ['/api/checkout/quote', 'OrdersTargetGroup'],
    ['/api/orders', 'OrdersTargetGroup'],
    ['/api/orders/ord_1', 'OrdersTargetGroup'],
    ['/api/events', 'OrdersTargetGroup'],
    ['/api/search', 'SearchTargetGroup'],
    ['/api/search/suggest', 'SearchTargetGroup'],
  ])('%s matches the %s rule', (path, group) => {
    expect(ruleFor(path)?.targetGroup).toBe(group);
  });

  it('keeps within what ALB accepts: at most 3 values per condition, 5 per rule, 5 wildcards per rule', () => {
    const { Resources } = readResourceTemplate('alb.yml');
    type Condition = {
      Field: string;
      Values?: string[];
      PathPatternConfig?: { Values: string[] };
      HttpHeaderConfig?: { Values: unknown[] };
    };
    const rules = Object.entries(Resources).filter(
      ([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::ListenerRule',
    );
    expect(rules.length).toBeGreaterThan(0);
    for (const [id, rule] of rules) {
      const values = (rule.Properties.Conditions as Condition[]).map(
        (c) => c.PathPatternConfig?.Values ?? c.HttpHeaderConfig?.Values ?? c.Values ?? [],
      );
      for (const condition of values) expect(condition.length, id).toBeLessThanOrEqual(3);
      expect(values.flat().length, id).toBeLessThanOrEqual(5);
      const wildcards = values
        .flat()
        .filter((v): v is string => typeof v === 'string')
        .reduce((n, v) => n + (v.match(/[*?]/g)?.length ?? 0), 0);
      expect(wildcards, id).toBeLessThanOrEqual(5);
    }
  });

  it('no rule matches an unknown path, which gets the listener default: 404 problem+json', () => {
    expect(ruleFor('/api/whatever')).toBeUndefined();
    expect(ruleFor('/api/meow')).toBeUndefined();
    expect(ruleFor('/api/address')).toBeUndefined();
    expect(routing.defaultResponse).toMatchObject({ status: 404, contentType: 'application/problem+json' });
    expect(JSON.parse(routing.defaultResponse.body)).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('every rule requires X-Origin-Verify to be the secret CloudFront sends', () => {
    for (const rule of routing.rules) {
      expect(rule.headers).toEqual([
        { name: 'x-origin-verify', anyOf: [{ kind: 'secret', secret: 'OriginVerifySecret' }] },
      ]);
    }
    const { Resources } = readResourceTemplate('cdn.yml');
    const origins = (
      Resources.Distribution!.Properties.DistributionConfig as {
        Origins: { Id: string; OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[] }[];
      }
    ).Origins;
    const sent = origins.find((o) => o.Id === 'ServicesAlb')?.OriginCustomHeaders;
    expect(sent).toEqual([
      {
        HeaderName: 'X-Origin-Verify',
        HeaderValue: { 'Fn::Sub': `{{resolve:secretsmanager:\${OriginVerifySecret}:SecretString}}` },
      },
    ]);
  });

  it('headersMatch admits the secret (header values compare case-insensitively) and nothing else', () => {
    const rule = ruleFor('/api/cart')!;
    expect(headersMatch(rule, { 'x-origin-verify': SECRET }, secretValue)).toBe(true);
    expect(headersMatch(rule, { 'x-origin-verify': SECRET.toUpperCase() }, secretValue)).toBe(true);
    expect(headersMatch(rule, {}, secretValue)).toBe(false);
    expect(headersMatch(rule, { 'x-origin-verify': 'guess' }, secretValue)).toBe(false);
    expect(headersMatch(rule, { 'x-origin-verify': SECRET }, () => undefined)).toBe(false);
  });

  it('reads the health check path of each target group', () => {
    expect(routing.healthChecks).toEqual({
      UsersTargetGroup: '/ready',
      CartTargetGroup: '/ready',
      OrdersTargetGroup: '/ready',
      SearchTargetGroup: '/health',
    });
  });
});
