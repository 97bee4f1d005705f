import { Agent, request as httpRequest } from 'node:http';

export interface LoopResult {
  name: string;
  concurrency: number;
  calls: number;
  p50Ms: number;
  p99Ms: number;
  callsPerSecond: number;
  /** Calls that threw or answered other than 2xx. */
  errors: number;
}

/** The value at percentile `p` of ascending `sorted` (nearest rank), to 0.1. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

/** One measured stretch of a closed loop: every call's latency (ms), the failed calls, how long it ran. */
export interface LoopSample {
  latencies: number[];
  errors: number;
  seconds: number;
}

/**
 * Closed loop: `concurrency` workers each make a call, wait for it, make the next, for `warmupSeconds` (discarded),
 * then for `seconds` (measured). `call(n, worker)` gets a sequence number shared by all workers (so a mix of n % size
 * is spread over them) and the worker's index (for state a worker keeps, such as a session), and answers whether the
 * call succeeded (a throw is a failure).
 */
export async function closedLoopSample(options: {
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
  call: (n: number, worker: number) => Promise<boolean>;
}): Promise<LoopSample> {
  let sequence = 0;
  const run = async (seconds: number, latencies: number[] | null) => {
    let errors = 0;
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: options.concurrency }, async (_, worker) => {
        while (performance.now() < deadline) {
          const started = performance.now();
          let ok = false;
          try {
            ok = await options.call(sequence++, worker);
          } catch {
            ok = false;
          }
          latencies?.push(performance.now() - started);
          if (!ok) errors++;
        }
      }),
    );
    return errors;
  };
  if (options.warmupSeconds > 0) await run(options.warmupSeconds, null);
  const latencies: number[] = [];
  const started = performance.now();
  const errors = await run(options.seconds, latencies);
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

/** Several samples of one scenario (e.g. rounds interleaved with another scenario's) as one result. */
export function summarize(name: string, concurrency: number, samples: readonly LoopSample[]): LoopResult {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const seconds = samples.reduce((sum, s) => sum + s.seconds, 0);
  return {
    name,
    concurrency,
    calls: latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    callsPerSecond: Math.round(latencies.length / seconds),
    errors: samples.reduce((sum, s) => sum + s.errors, 0),
  };
}

/** A closed loop (closedLoopSample) summarized. */
export async function closedLoop(options: {
  name: string;
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
  call: (n: number) => Promise<boolean>;
}): Promise<LoopResult> {
  return summarize(options.name, options.concurrency, [await closedLoopSample(options)]);
}

/** A keep-alive agent holding up to `sockets` connections: one per closed-loop worker. */
export const keepAliveAgent = (sockets: number) => new Agent({ keepAlive: true, maxSockets: sockets });

/** One HTTP request with node:http (less client overhead than fetch); the whole answer is read. */
export function send(
  agent: Agent,
  url: string,
  options: { method?: string; body?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    const req = httpRequest(url, { method: options.method ?? 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
