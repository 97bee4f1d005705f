import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { DomainError } from '../../domain/shared/errors.js';
import { toProblem } from './problem.js';

/** Errors Node's HTTP parser raises before fastify sees a request; answered on the raw socket. */
function clientErrorProblem(error: { code?: string }): DomainError {
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return new DomainError(
      'REQUEST.HEADERS_TOO_LARGE',
      'headers_too_large',
      'the request line and headers are too large',
    );
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return new DomainError('REQUEST.TIMEOUT', 'request_timeout', 'the request took too long to arrive');
  return new DomainError('REQUEST.MALFORMED', 'invalid', 'the request is not valid HTTP');
}

/** A `clientError` handler for any node:http server: the problem+json answer, then the socket closed. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = toProblem(clientErrorProblem(error), randomUUID());
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
