import { serveLambda } from '../lib/lambda-http-adapter.js';

/** Child process: the real list-products handler behind the thin adapter. Env configures it as on Lambda. */
const { handler } = await import('../../functions/list-products.js');
await serveLambda(handler as never, Number(process.env.BENCH_PORT));
process.stdout.write('ready\n');
