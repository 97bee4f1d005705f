/**
 * Configuration values are shown back to operators in error messages and start-up output. Credentials in them
 * never are: the user-info part of anything URL-shaped (up to the last `@`, so a password with a raw `@` or `/` is
 * covered too) and credential-like query parameters, whether or not the value parses as a URL.
 */
const USER_INFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s]*@/gi;
const SECRET_PARAMETER =
  /([?&;](?:password|passwd|pwd|pass|secret|token|api[-_]?key|key|sig|signature|auth|credentials|x-amz-[a-z-]+)=)[^&;#\s]*/gi;

export function redactCredentials(value: string): string {
  return value.replace(USER_INFO, '$1***@').replace(SECRET_PARAMETER, '$1***');
}

/**
 * The same for free text that is not a configuration value (log messages, stack traces): only `user:password@`
 * user-info is cut, so that `file:///app/node_modules/@scope/...` in a stack trace stays readable.
 */
const USER_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s@]*@/gi;

export function redactCredentialsInText(text: string): string {
  return text.replace(USER_PASSWORD, '$1***@').replace(SECRET_PARAMETER, '$1***');
}
