import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logs/logger.js';
import { createServiceApp } from './server.js';

const app = () =>
  createServiceApp({
    name: 'test',
    logger: createLogger({ service: 'test', level: 'error', sink: () => {} }),
    ready: async () => {},
    routes: (instance) => {
      instance.get('/ip', async (request) => ({ ip: request.ip }));
    },
    trustedProxyHops: 2,
  });

/** On AWS a task sees: socket = the ALB; X-Forwarded-For = "<whatever the client sent>, <viewer>, <CloudFront>". */
describe('client address behind CloudFront and the ALB', () => {
  it('is the viewer CloudFront saw, whatever the client wrote into X-Forwarded-For', async () => {
    const service = await app();
    const answer = await service.inject({
      url: '/ip',
      remoteAddress: '10.0.1.23',
      headers: { 'x-forwarded-for': '6.6.6.6, 7.7.7.7, 203.0.113.9, 130.176.0.1' },
    });
    expect(answer.json()).toEqual({ ip: '203.0.113.9' });
    await service.close();
  });

  it('is the viewer when the client sent no X-Forwarded-For of its own', async () => {
    const service = await app();
    const answer = await service.inject({
      url: '/ip',
      remoteAddress: '10.0.1.23',
      headers: { 'x-forwarded-for': '203.0.113.9, 130.176.0.1' },
    });
    expect(answer.json()).toEqual({ ip: '203.0.113.9' });
    await service.close();
  });
});
