import { z } from 'zod';

/** Thrown when the environment does not satisfy a service's schema; the message is one line. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment against a service's schema. The first problem is reported as one line
 * naming the variable, never its value (it may be a secret).
 */
export function loadConfig<TSchema extends z.ZodObject>(
  schema: TSchema,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<TSchema> {
  const result = schema.safeParse(env);
  if (result.success) {
    return result.data;
  }
  const issue = result.error.issues[0];
  const variable = issue.path.join('.') || '(environment)';
  const problem = issue.code === 'invalid_type' && env[variable] === undefined ? 'is required' : issue.message;
  throw new ConfigError(`configuration error: ${variable} ${problem}`);
}
