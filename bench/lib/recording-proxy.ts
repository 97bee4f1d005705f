import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query string, as the client sent them. */
  path: string;
  contentType: string | undefined;
  body: string;
  status: number;
  response: string;
}

export interface RecordingProxy {
  url: string;
  /** What went through since the last take(), in the order the requests arrived. */
  take(): RecordedRequest[];
  close(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 in front of `target` that records every request and its answer, so a client's exact
 * requests can be replayed later with a plain HTTP client.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  let recorded: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...req.headers, host: new URL(target).host };
      const upstream = httpRequest(
        new URL(req.url ?? '/', target),
        { method: req.method, headers, agent },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => parts.push(chunk));
          answer.on('end', () => {
            const response = Buffer.concat(parts);
            recorded.push({
              method: req.method ?? 'GET',
              path: req.url ?? '/',
              contentType: req.headers['content-type'],
              body: body.toString('utf8'),
              status: answer.statusCode ?? 0,
              response: response.toString('utf8'),
            });
            const { 'content-length': _length, 'transfer-encoding': _encoding, ...rest } = answer.headers;
            res.writeHead(answer.statusCode ?? 502, { ...rest, 'content-length': response.length });
            res.end(response);
          });
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502);
        res.end(error.message);
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    take: () => {
      const taken = recorded;
      recorded = [];
      return taken;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
