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

const isTimeout = (error: unknown) => (error as { name?: string } | undefined)?.name === 'TimeoutError';

/**
 * A statement or commit inside a transaction whose answer is late may still run there: sent again, an UPDATE would
 * apply twice in the same transaction. Such a call fails at once with an error the SDK does not retry (no `cause`:
 * the SDK would find the timeout in it); the caller's transaction fails and is tried again as a whole.
 */
function noRetryOfLateTransactionWork(client: RDSDataClient): RDSDataClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const { transactionId } = args.input as { transactionId?: string };
        if (!transactionId || !isTimeout(error)) throw error;
        throw Object.assign(
          new Error(
            `a Data API call in a transaction got no answer in time and may have run: ${String(error)}`,
          ),
          { name: 'DataApiTransactionTimeout' },
        );
      }
    },
    // Inside the retry middleware (finalizeRequest): every attempt passes here.
    { step: 'deserialize', name: 'noRetryOfLateTransactionWork' },
  );
  return client;
}

/** The RDS Data API client: the default credentials on AWS, or given ones and an `endpoint` for a stand-in. */
export function createDataApiClient(
  options: {
    endpoint?: string;
    region?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string };
  } = {},
): RDSDataClient {
  return noRetryOfLateTransactionWork(
    new RDSDataClient({
      maxAttempts: DATA_API_ATTEMPTS,
      requestHandler: timedRequests(DATA_API_REQUEST_TIMEOUT_MS),
      ...options,
    }),
  );
}
