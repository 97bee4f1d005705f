/**
 * dynalite, the local DynamoDB, with its iterator leak closed: dynalite 4.0.0 ends the stream behind every Query and
 * Scan with `iterator.return()`, which abstract-level 3's iterators do not have, so no iterator is ever closed. Each
 * stays attached to the database with its LevelDB iterator and snapshot: about 35 KB of native memory per Query
 * (a 10-minute soak of the local shop grew by 1.6 GB). Giving the iterators `return()` as a close() lets
 * dynalite's own code close them.
 */
import { AbstractIterator, AbstractKeyIterator, AbstractValueIterator } from 'abstract-level';
import dynalite from 'dynalite';

for (const iterator of [AbstractIterator, AbstractKeyIterator, AbstractValueIterator]) {
  if (!Object.hasOwn(iterator.prototype, 'return'))
    Object.defineProperty(iterator.prototype, 'return', {
      configurable: true,
      value(this: { close(): Promise<void> }) {
        return this.close();
      },
    });
}

export const createDynalite = dynalite;
