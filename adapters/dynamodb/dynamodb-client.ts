import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface DynamoDbSettings {
  region: string;
  /** Set for dynalite or moto; absent on AWS. */
  endpoint?: string;
  requestTimeoutMs: number;
}

/** One client per process: bounded timeouts, SDK retries with jittered backoff. */
export function createDynamoDbClient(settings: DynamoDbSettings): DynamoDBClient {
  return new DynamoDBClient({
    region: settings.region,
    maxAttempts: 3,
    requestHandler: {
      requestTimeout: settings.requestTimeoutMs,
      connectionTimeout: settings.requestTimeoutMs,
    },
    ...(settings.endpoint
      ? { endpoint: settings.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
}
