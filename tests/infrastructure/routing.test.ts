import { beforeAll, describe, expect, it } from 'vitest';
import { cloudFrontBehaviours, originFor } from '../../local/edge/cloudfront-behaviours.js';
import { packagedTemplate, resource, resourcesOfType, type Template } from './template.js';

let template: Template;
// Packaging takes a few seconds, longer on a busy machine.
beforeAll(async () => {
  template = await packagedTemplate('ci');
}, 180_000);

describe('CloudFront behaviours (resources/cdn.yml, as the local edge reads them)', () => {
  const routes = cloudFrontBehaviours();

  it.each([
    ['/api/products', 'ProductApi'],
    ['/api/products/x', 'ProductApi'],
    ['/api/categories', 'ProductApi'],
    ['/api/openapi.json', 'ProductApi'],
    ['/api/whatever', 'ServicesAlb'],
    ['/api/categories/x', 'ServicesAlb'],
    ['/api/productsx', 'ServicesAlb'],
    ['/api/auth/login', 'ServicesAlb'],
    ['/api/me', 'ServicesAlb'],
    ['/api/cart/items', 'ServicesAlb'],
    ['/api/checkout', 'ServicesAlb'],
    ['/api/orders/ord_1', 'ServicesAlb'],
    ['/', 'SiteBucket'],
    ['/products/some-slug', 'SiteBucket'],
  ])('%s goes to %s', (path, origin) => {
    expect(originFor(path, routes)).toBe(origin);
  });

  it('the /api/* catch-all comes after every other /api behaviour', () => {
    const patterns = routes.behaviours.map((b) => b.pathPattern);
    expect(patterns.at(-1)).toBe('/api/*');
    expect(routes.behaviours.at(-1)?.origin).toBe('ServicesAlb');
  });
});

describe('unknown /api paths answer 404 problem+json at every origin', () => {
  it('the ALB answers 404 problem+json when no rule matches', () => {
    const [, listener] = resourcesOfType(template, 'AWS::ElasticLoadBalancingV2::Listener').find(
      ([, l]) => l.Properties.Protocol === 'HTTPS',
    )!;
    const [action] = listener.Properties.DefaultActions as {
      Type: string;
      FixedResponseConfig: { StatusCode: string; ContentType: string; MessageBody: string };
    }[];
    expect(action).toMatchObject({
      Type: 'fixed-response',
      FixedResponseConfig: { StatusCode: '404', ContentType: 'application/problem+json' },
    });
    expect(JSON.parse(action!.FixedResponseConfig.MessageBody)).toMatchObject({
      status: 404,
      title: 'Not Found',
    });
  });

  it('the HTTP API sends every unmatched route to the notFound function', () => {
    const catchAll = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').filter(([, r]) =>
      ['$default', 'ANY /{proxy+}', 'ANY /api/{proxy+}'].includes(r.Properties.RouteKey as string),
    );
    expect(catchAll).toHaveLength(1);
    const target = (catchAll[0]![1].Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })[
      'Fn::Join'
    ][1][1].Ref;
    expect(resource(template, target).Properties.IntegrationUri).toEqual({
      'Fn::GetAtt': ['NotFoundLambdaFunction', 'Arn'],
    });
    expect(resource(template, 'NotFoundLambdaFunction').Properties.Handler).toBe(
      'functions/not-found.handler',
    );
  });
});
