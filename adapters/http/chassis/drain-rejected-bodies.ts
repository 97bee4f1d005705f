import type { FastifyInstance } from 'fastify';

/** Beyond this a rejected body is not worth reading: the connection is closed instead. */
const MAX_DRAIN_BYTES = 8 * 1024 * 1024;

/**
 * Fastify answers a body it rejects (too large, bad JSON, wrong type) with `Connection: close` and closes the socket
 * with the body unread. The peer then sees a reset while it is still sending, often before it has read the answer:
 * the ALB in front turned those 413s into 502s, and its kept-alive connection broke. Read and drop the rest of the
 * body instead (as Node does for bodies a handler never reads), so the answer always arrives and the connection
 * serves the next request.
 */
export function drainRejectedBodies(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.getHeader('connection') !== 'close') return payload;
    const declared = Number(request.headers['content-length']);
    if (declared > MAX_DRAIN_BYTES) return payload;
    reply.removeHeader('connection');
    const raw = request.raw;
    if (!raw.complete) {
      let drained = 0;
      raw.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > MAX_DRAIN_BYTES) raw.socket.destroy();
      });
      raw.resume();
    }
    return payload;
  });
}
