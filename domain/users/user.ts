import { invalid } from '../shared/errors.js';

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
export const EMAIL_MAX_LENGTH = 254;
/** An address as `normalizeEmail` accepts it, after normalising: something@domain.tld, no spaces, one @. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One account per mailbox: case and Unicode form do not make a new address. */
export function normalizeEmail(raw: string): string {
  const email = raw.normalize('NFKC').trim().toLowerCase();
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(email)) {
    throw invalid('USERS.BAD_EMAIL', 'email must be an address like name@example.com', [
      { path: 'body.email', message: 'not an email address' },
    ]);
  }
  return email;
}

export function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw invalid(
      'USERS.WEAK_PASSWORD',
      `password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
      [{ path: 'body.password', message: `at least ${PASSWORD_MIN_LENGTH} characters` }],
    );
  }
}
