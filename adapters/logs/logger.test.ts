import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactCredentialsInText } from '../config/redact.js';
import { createLogger, redactText } from './logger.js';
import { accessMetrics, checkoutMetrics } from './metrics.js';
import {
  identifyUser,
  propagationHeaders,
  requestContextFrom,
  runWithRequestContext,
  traceIdOf,
} from './request-context.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ service: 'cart', sink: (line) => lines.push(JSON.parse(line)) });
  return { lines, logger };
}

describe('the logger', () => {
  it('names the request, its trace and its user on every line written while serving it', async () => {
    const { lines, logger } = capture();
    const context = requestContextFrom({
      'x-request-id': 'edge-request-0001',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    await runWithRequestContext(context, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      identifyUser('usr_1');
      logger.info('deep in a use case');
    });
    logger.info('outside any request');
    expect(lines[0]).toMatchObject({
      requestId: 'edge-request-0001',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: context.spanId,
      userId: 'usr_1',
    });
    expect(context.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(context.spanId).not.toBe('00f067aa0ba902b7');
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it('replaces a request id that is not a plain token, and starts a trace when none valid came', () => {
    const context = requestContextFrom({
      'x-request-id': 'bad id\n{"level":"error"}',
      traceparent: 'nonsense',
    });
    expect(context.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('passes the request and trace on to the services it calls, as the parent of their span', () => {
    const context = requestContextFrom({ 'x-request-id': 'edge-request-0002' });
    const headers = runWithRequestContext(context, () => propagationHeaders());
    expect(headers).toEqual({
      'x-request-id': 'edge-request-0002',
      traceparent: `00-${context.traceId}-${context.spanId}-01`,
    });
    expect(traceIdOf(headers.traceparent)).toBe(context.traceId);
    expect(propagationHeaders()).toEqual({});
  });

  it('masks secret fields and cuts credentials out of text, keeping stack traces readable', () => {
    const { lines, logger } = capture();
    const error = new Error('connect failed for postgres://shop:S3cr3t/pw@db.internal:5432/shop');
    logger.error('boom', {
      password: 'hunter2-password',
      headers: { authorization: 'Bearer abc.def', cookie: 'session=tok_123' },
      detail: 'retry with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl now',
      url: 'https://api.example.com/pay?api_key=live_123&amount=5',
      error,
      where: 'at file:///app/node_modules/@middy/core/index.js:189:5',
    });
    const text = JSON.stringify(lines[0]);
    for (const secret of ['hunter2', 'abc.def', 'tok_123', 'S3cr3t', 'eyJhbGci', 'live_123'])
      expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      password: '[redacted]',
      url: 'https://api.example.com/pay?api_key=***&amount=5',
      where: 'at file:///app/node_modules/@middy/core/index.js:189:5',
    });
    expect((lines[0]!.error as { message: string }).message).toBe(
      'connect failed for postgres://shop:***@db.internal:5432/shop',
    );
  });
});

describe('redacting text', () => {
  it('cuts the same credentials out whether or not the quick check lets the text through untouched', () => {
    const full = (text: string) =>
      redactCredentialsInText(text)
        .replace(/\b(bearer\s+)[\w.~+/-]+=*/gi, '$1[redacted]')
        .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[redacted-jwt]');
    const fragment = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        'postgres://shop:pw@db:5432/x',
        'https://h/p?api_key=k1&a=1',
        ';token=t',
        'Bearer abc.def',
        'BEARER   x/y+z==',
        'eyJhbGci.eyJzdWIi.sig',
        'file:///app/node_modules/@scope/x.js',
        '://',
        '=',
      ),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 6 }), (parts) => {
        const text = parts.join(' ');
        expect(redactText(text)).toBe(full(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('metrics in Embedded Metric Format', () => {
  it('makes a log line a metric document whose metrics and dimensions are its own fields', () => {
    const { lines, logger } = capture();
    logger.info('request', {
      route: 'GET /api/cart',
      status: 200,
      durationMs: 3.2,
      serverError: 0,
      ...accessMetrics(1),
    });
    logger.info('checkout', { outcome: 'confirmed', checkouts: 1, checkoutMs: 80, ...checkoutMetrics(2) });
    for (const line of lines) {
      const aws = line._aws as {
        Timestamp: number;
        CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
      };
      expect(aws.CloudWatchMetrics[0]!.Namespace).toBe(`Shop/${process.env.STAGE || 'local'}`);
      for (const dimension of aws.CloudWatchMetrics[0]!.Dimensions.flat())
        expect(typeof line[dimension], dimension).toBe('string');
      for (const metric of aws.CloudWatchMetrics[0]!.Metrics)
        expect(typeof line[metric.Name], metric.Name).toBe('number');
    }
    expect(lines.map((line) => (line._aws as { Timestamp: number }).Timestamp)).toEqual([1, 2]);
  });
});

describe('traceparent parsing', () => {
  const hex = (length: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });

  it('takes the trace id of every valid header and nothing from anything else', () => {
    fc.assert(
      fc.property(hex(32), hex(16), fc.constantFrom('00', '01'), (trace, parent, flags) => {
        const valid = !/^0+$/.test(trace) && !/^0+$/.test(parent);
        expect(traceIdOf(`00-${trace}-${parent}-${flags}`)).toBe(valid ? trace : undefined);
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const id = traceIdOf(text);
        if (id !== undefined) expect(text).toContain(id);
      }),
    );
    expect(traceIdOf('ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBeUndefined();
    expect(traceIdOf('00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01')).toBeUndefined();
  });
});
