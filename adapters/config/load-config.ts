import type * as z from 'zod/mini';
import { redactCredentials } from './redact.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface ConfigIssue {
  variable: string;
  message: string;
}

/**
 * The one way every deployable reads its configuration: once, at start-up, from the environment, validated by
 * its zod schema. A bad or missing value stops the process with a message naming each variable and the fix.
 */
export function loadConfig<S extends z.ZodMiniType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
  /** Rules across variables, such as what a deployed stage must have; each broken one names its variable. */
  rules: (config: z.infer<S>) => ConfigIssue[] = () => [],
): z.infer<S> {
  const result = schema.safeParse(env);
  const issues: ConfigIssue[] = result.success
    ? rules(result.data)
    : result.error.issues.map((issue) => ({
        variable: issue.path.join('.') || '(environment)',
        message: issue.message,
      }));
  if (result.success && issues.length === 0) return result.data;
  const lines = issues.map(({ variable, message }) => {
    const shown =
      typeof env[variable] === 'string' ? ` (got "${redact(variable, env[variable] ?? '')}")` : ' (not set)';
    return `  - ${variable}${shown}: ${message}`;
  });
  throw new ConfigError(
    `Invalid configuration:\n${lines.join('\n')}\nFix the variables above (see README, "Configuration").`,
  );
}

const redact = (name: string, value: string) =>
  /SECRET|PASSWORD|TOKEN|KEY/i.test(name) ? '***' : redactCredentials(value).slice(0, 120);
