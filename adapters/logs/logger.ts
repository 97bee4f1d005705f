/**
 * The one logger: JSON lines on stdout (CloudWatch/ECS ship them; the log shipper batches them to S3).
 * Inside a request every line carries its request id, trace id, span id and user id (request-context.ts).
 * Fields whose names look secret are masked, and credentials inside any text (URL passwords, secret query
 * parameters, bearer tokens, JWTs) are cut out, before anything is written.
 */
import { redactCredentialsInText } from '../config/redact.js';
import { currentRequestContext } from './request-context.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_FIELD = /pass(word)?|secret|token|authorization|cookie|session|api[-_]?key/i;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export type LogSink = (line: string) => void;

const BEARER = /\b(bearer\s+)[\w.~+/-]+=*/gi;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
/** What every credential pattern below needs somewhere in the text: most text has none, and is left at one test. */
const MIGHT_HOLD_CREDENTIALS = /=|:\/\/|bearer|eyJ/i;

/** Credentials that ended up inside free text (an error message, a URL): cut out, the rest kept. */
export function redactText(text: string): string {
  if (!MIGHT_HOLD_CREDENTIALS.test(text)) return text;
  return redactCredentialsInText(text).replace(BEARER, '$1[redacted]').replace(JWT, '[redacted-jwt]');
}

/** Field names recur on every line: each is judged once (bounded, since objects from outside bring their own). */
const secretNames = new Map<string, boolean>();
function isSecretName(key: string): boolean {
  let secret = secretNames.get(key);
  if (secret === undefined) {
    secret = SECRET_FIELD.test(key);
    if (secretNames.size < 2000) secretNames.set(key, secret);
  }
  return secret;
}

function mask(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value instanceof Error)
    return {
      name: value.name,
      message: redactText(value.message),
      stack: value.stack && redactText(value.stack),
    };
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.map((item) => mask(item, depth + 1));
  const masked: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    // The EMF block is built by metrics.ts from constants: nothing in it to mask, and it is on every access line.
    masked[key] =
      key === '_aws' && depth === 0 ? inner : isSecretName(key) ? '[redacted]' : mask(inner, depth + 1);
  }
  return masked;
}

export function createLogger(
  options: { level?: LogLevel; service: string; sink?: LogSink },
  bound: Record<string, unknown> = {},
): Logger {
  const threshold = LEVELS[options.level ?? 'info'];
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  const write =
    (level: LogLevel) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (LEVELS[level] < threshold) return;
      const context = currentRequestContext();
      const entry = {
        time: new Date().toISOString(),
        level,
        service: options.service,
        msg: message,
        ...(context && {
          requestId: context.requestId,
          traceId: context.traceId,
          spanId: context.spanId,
          ...(context.userId && { userId: context.userId }),
        }),
        ...bound,
        ...fields,
      };
      sink(JSON.stringify(mask(entry)));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}
