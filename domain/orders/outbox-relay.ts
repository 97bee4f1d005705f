export interface OutboxMessage {
  id: string;
  topic: string;
  payload: unknown;
}

export interface OutboxSource {
  claim(limit: number, leaseSeconds: number): Promise<OutboxMessage[]>;
  done(ids: readonly string[]): Promise<void>;
  pending(): Promise<number>;
}

export type OutboxHandler = (payload: unknown) => Promise<void>;

/**
 * Delivers what the outbox recorded (in the same transaction as the change) to its consumers, at least once:
 * a message whose handler fails is leased again after the lease ends. Handlers are idempotent.
 */
export class OutboxRelay {
  constructor(
    private readonly source: OutboxSource,
    private readonly handlers: Record<string, OutboxHandler>,
    private readonly onError: (message: OutboxMessage, error: unknown) => void = () => {},
  ) {}

  /** One pass; returns how many messages were delivered. */
  async drain(limit = 50, leaseSeconds = 30): Promise<number> {
    const messages = await this.source.claim(limit, leaseSeconds);
    const delivered: string[] = [];
    for (const message of messages) {
      try {
        await this.handlers[message.topic]?.(message.payload);
        delivered.push(message.id);
      } catch (error) {
        this.onError(message, error);
      }
    }
    await this.source.done(delivered);
    return delivered.length;
  }
}
