import { describe } from 'vitest';

/**
 * Suites against real servers run when their URL is set. Without it they skip on a laptop, but fail
 * under REQUIRE_REAL_SERVICES=1 (CI), so a missing server can never pass silently.
 */
export function describeWithService(variable: string, name: string, suite: (url: string) => void): void {
  const url = process.env[variable];
  if (url) {
    describe(name, () => suite(url));
    return;
  }
  if (process.env.REQUIRE_REAL_SERVICES === '1') {
    describe(name, () => {
      throw new Error(
        `${variable} is not set but REQUIRE_REAL_SERVICES=1: start the server and set ${variable}`,
      );
    });
    return;
  }
  describe.skip(`${name} (set ${variable} to run)`, () => suite(''));
}
