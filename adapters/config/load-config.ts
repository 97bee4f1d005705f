import type * as z from 'zod/mini';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The one way every deployable reads its configuration: once, at start-up, from the environment, validated by
 * its zod schema. A bad or missing value stops the process with a message naming each variable and the fix.
 */
export function loadConfig<S extends z.ZodMiniType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const shown =
      typeof env[variable] === 'string' ? ` (got "${redact(variable, env[variable] ?? '')}")` : ' (not set)';
    return `  - ${variable}${shown}: ${issue.message}`;
  });
  throw new ConfigError(
    `Invalid configuration:\n${lines.join('\n')}\nFix the variables above (see README, "Configuration").`,
  );
}

const redact = (name: string, value: string) =>
  /SECRET|PASSWORD|TOKEN|KEY/i.test(name) ? '***' : value.slice(0, 80);
