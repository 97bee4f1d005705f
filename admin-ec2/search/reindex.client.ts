import * as z from 'zod/mini';
import { propagationHeaders } from '../../adapters/logs/request-context.js';
import { DomainError } from '../../domain/shared/errors.js';

const TIMEOUT_MS = 5000;

export const reindexStatus = z.object({
  running: z.boolean(),
  indexed: z.int(),
  total: z.int(),
  startedAt: z.nullable(z.string()),
  finishedAt: z.nullable(z.string()),
  error: z.nullable(z.string()),
});
export type ReindexStatus = z.infer<typeof reindexStatus>;

const unavailable = (detail: string) => new DomainError('SEARCH.UNAVAILABLE', 'unavailable', detail, [], 5);

/** The search service's full reindex (/internal/reindex), as the admin starts and follows it. */
export class ReindexClient {
  constructor(private readonly baseUrl: string | undefined) {}

  status(): Promise<ReindexStatus> {
    return this.call('GET').then(({ status }) => status);
  }

  /** `started: false` when one was already running (its status is returned). */
  async start(): Promise<{ started: boolean; status: ReindexStatus }> {
    const { code, status } = await this.call('POST');
    return { started: code === 202, status };
  }

  private async call(method: 'GET' | 'POST'): Promise<{ code: number; status: ReindexStatus }> {
    if (!this.baseUrl) throw unavailable('the search service is not configured: set SEARCH_SERVICE_URL');
    let response: Response;
    try {
      response = await fetch(new URL('/internal/reindex', this.baseUrl), {
        method,
        headers: propagationHeaders(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw unavailable(`the search service did not answer: ${(error as Error).message}`);
    }
    const parsed = reindexStatus.safeParse(await response.json().catch(() => null));
    if (![200, 202, 409].includes(response.status) || !parsed.success)
      throw unavailable(`the search service answered ${response.status} to ${method} /internal/reindex`);
    return { code: response.status, status: parsed.data };
  }
}
