import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/** Child process: the baseline, a bare node:http server answering the same JSON bytes. */
const body = readFileSync(process.env.BENCH_BODY_FILE!);
createServer((_request, response) => {
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': body.length,
  });
  response.end(body);
}).listen(Number(process.env.BENCH_PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
