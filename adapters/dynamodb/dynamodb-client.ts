import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

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

/** One client per process: bounded timeouts, SDK retries with jittered backoff. */
export function createDynamoDbClient(settings: DynamoDbSettings): DynamoDBClient {
  const credentials = settings.credentials ?? (settings.endpoint ? LOCAL_CREDENTIALS : undefined);
  return new DynamoDBClient({
    region: settings.region,
    maxAttempts: 3,
    requestHandler: {
      requestTimeout: settings.requestTimeoutMs,
      // Without it the SDK only logs a warning when requestTimeout passes and keeps waiting (a GetItem against a
      // stuck endpoint took 48 s with a 1 s timeout); with it the attempt fails and is retried, as configured.
      throwOnRequestTimeout: true,
      connectionTimeout: settings.requestTimeoutMs,
    },
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  });
}
