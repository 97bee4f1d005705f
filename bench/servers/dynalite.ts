import { createDynalite as dynalite } from '../../local/dynalite.js';

/** Child process: dynalite on its own core, persisted so the large catalog is seeded once. */
const server = dynalite({ path: process.env.BENCH_DYNAMODB_PATH, createTableMs: 0 });
server.listen(Number(process.env.BENCH_PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
