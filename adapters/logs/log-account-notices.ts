import type { AccountNotices } from '../../domain/users/users.ports.js';
import type { Logger } from './logger.js';

/** Until the shop sends email: the notice is a log line an operator can act on (the address is masked). */
export class LogAccountNotices implements AccountNotices {
  constructor(private readonly logger: Logger) {}

  async registrationForExistingAccount(email: string): Promise<void> {
    const [local = '', domain = ''] = email.split('@');
    this.logger.info('registration attempted for an existing account', {
      account: `${local.slice(0, 1)}***@${domain}`,
    });
  }
}
