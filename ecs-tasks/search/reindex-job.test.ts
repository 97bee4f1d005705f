import { describe, expect, it } from 'vitest';
import type { SearchContainer } from './container.js';
import { ReindexJob } from './reindex-job.js';

describe('ReindexJob', () => {
  it('starts once when starts arrive together, even while the catalog is still being counted', async () => {
    let reindexes = 0;
    const container = {
      repository: { countActiveProducts: () => new Promise<number>((r) => setTimeout(() => r(2), 20)) },
      documents: async () => [],
      index: {
        reindex: async (_documents: unknown, progress: (n: number) => void) => {
          reindexes++;
          progress(1);
          return { indexed: 2 };
        },
      },
      loaded: () => {},
    } as unknown as SearchContainer;
    const job = new ReindexJob(container);
    expect(await Promise.all([job.start(), job.start(), job.start()])).toEqual([true, false, false]);
    while (job.status().running) await new Promise((r) => setTimeout(r, 5));
    expect(reindexes).toBe(1);
    expect(job.status()).toMatchObject({ running: false, indexed: 2, total: 2, error: null });
  });
});
