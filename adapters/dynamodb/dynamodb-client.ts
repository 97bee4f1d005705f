import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DomainError } from '../../domain/shared/errors.js';
import { timedRequests } from '../aws-sdk/timed-requests.js';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface DynamoDbSettings {
  region: string;
  /** Set for dynalite or moto; absent on AWS. */
  endpoint?: string;
  requestTimeoutMs: number;
  /**
   * Known credentials (a Lambda's role, which the runtime puts in its environment): the client then never runs
   * the default provider chain (SSO, ini files, process, web identity, instance metadata).
   */
  credentials?: StaticCredentials;
}

const LOCAL_CREDENTIALS: StaticCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Errors that say DynamoDB could not answer in time, not that the request was wrong. */
const UNAVAILABLE_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
]);
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

export function isDynamoDbUnavailable(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: string; code?: string };
  return (
    (name !== undefined && UNAVAILABLE_NAMES.has(name)) || (code !== undefined && UNAVAILABLE_CODES.has(code))
  );
}

/**
 * After its retries, a call DynamoDB could not answer (timeouts, throttling, no connection) fails as a 503 with
 * Retry-After, which clients may retry, instead of a 500; the SDK's error stays as its cause for the logs.
 */
function reportUnavailable(client: DynamoDBClient): DynamoDBClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (!isDynamoDbUnavailable(error)) throw error;
        throw Object.assign(
          new DomainError(
            'DYNAMODB.UNAVAILABLE',
            'unavailable',
            'the shop cannot reach its catalog and carts right now; try again in a moment',
            [],
            1,
          ),
          { cause: error },
        );
      }
    },
    // The outermost step: only what is left once the retry middleware has given up.
    { step: 'initialize', name: 'reportDynamoDbUnavailable' },
  );
  return client;
}

/** One client per process: bounded timeouts, SDK retries with jittered backoff, outages as 503s. */
export function createDynamoDbClient(settings: DynamoDbSettings): DynamoDBClient {
  const credentials = settings.credentials ?? (settings.endpoint ? LOCAL_CREDENTIALS : undefined);
  return reportUnavailable(
    new DynamoDBClient({
      region: settings.region,
      maxAttempts: 3,
      requestHandler: timedRequests(settings.requestTimeoutMs),
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(credentials ? { credentials } : {}),
    }),
  );
}
