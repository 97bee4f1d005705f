import type { SearchContainer } from './container.js';

export interface ReindexStatus {
  running: boolean;
  indexed: number;
  /** Active products in the catalog when the job started. */
  total: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

/** One full reindex at a time inside the search task, with its progress for whoever asks. */
export class ReindexJob {
  private state: ReindexStatus = {
    running: false,
    indexed: 0,
    total: 0,
    startedAt: null,
    finishedAt: null,
    error: null,
  };

  constructor(private readonly container: SearchContainer) {}

  status(): ReindexStatus {
    return { ...this.state };
  }

  /** false when one is already running. */
  async start(): Promise<boolean> {
    if (this.state.running) return false;
    // Running from before the first await: a second start arriving while the catalog is counted is refused.
    this.state = {
      running: true,
      indexed: 0,
      total: 0,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
    };
    try {
      this.state.total = await this.container.repository.countActiveProducts();
    } catch (error) {
      this.finish((error as Error).message);
      return true;
    }
    void this.run();
    return true;
  }

  private async run() {
    try {
      const { indexed } = await this.container.index.reindex(await this.container.documents(), (count) => {
        this.state.indexed = count;
      });
      this.state.indexed = indexed;
      this.container.loaded();
      this.finish(null);
    } catch (error) {
      this.finish((error as Error).message);
    }
  }

  private finish(error: string | null) {
    this.state.error = error;
    this.state.running = false;
    this.state.finishedAt = new Date().toISOString();
  }
}
