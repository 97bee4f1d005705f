/**
 * The `requestHandler` settings of every AWS SDK client of the shop: each attempt gives up after `timeoutMs` (from
 * sending the request to its answer's headers) and the client's retries take over. Without throwOnRequestTimeout
 * the SDK only logs a warning when requestTimeout passes and keeps waiting (a DynamoDB GetItem against a stuck
 * endpoint took 48 s with a 1 s timeout).
 */
export function timedRequests(timeoutMs: number) {
  return { requestTimeout: timeoutMs, throwOnRequestTimeout: true, connectionTimeout: timeoutMs } as const;
}
