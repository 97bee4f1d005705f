import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../../domain/users/users.ports.js';

/** argon2id with OWASP's minimum profile (19 MiB, 2 passes, 1 lane) unless configured stronger. */
export class Argon2PasswordHasher implements PasswordHasher {
  constructor(
    private readonly options: { memoryCost: number; timeCost: number } = { memoryCost: 19_456, timeCost: 2 },
  ) {}

  hash(password: string): Promise<string> {
    // algorithm 2 = Argon2id (the const enum is not importable under isolatedModules)
    return hash(password, {
      algorithm: 2,
      memoryCost: this.options.memoryCost,
      timeCost: this.options.timeCost,
      parallelism: 1,
    });
  }

  async verify(stored: string, password: string): Promise<boolean> {
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  }
}
