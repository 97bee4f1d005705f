import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { timedRequests } from '../aws-sdk/timed-requests.js';

/**
 * Per attempt, until the answer's headers. The recoverOrders Lambda is the caller: short statements (a page of stale
 * orders, one order's settlement), which a healthy Data API answers in milliseconds and a paused Aurora Serverless
 * answers at once with DatabaseResumingException. Three stuck attempts end the sweep in about 30 s, within the
 * function's 120 s, as an error its alarm sees, instead of a timeout of the whole function.
 */
export const DATA_API_REQUEST_TIMEOUT_MS = 10_000;
export const DATA_API_ATTEMPTS = 3;

/** The RDS Data API client: the default credentials on AWS, or given ones and an `endpoint` for a stand-in. */
export function createDataApiClient(
  options: {
    endpoint?: string;
    region?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string };
  } = {},
): RDSDataClient {
  return new RDSDataClient({
    maxAttempts: DATA_API_ATTEMPTS,
    requestHandler: timedRequests(DATA_API_REQUEST_TIMEOUT_MS),
    ...options,
  });
}
