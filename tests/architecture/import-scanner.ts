/** How a module names another one. */
export type ImportKind =
  /** `import x from 'm'`, `import { x } from 'm'`, `import type { X } from 'm'`, `import * as m from 'm'` */
  | 'static'
  /** `import 'm'` */
  | 'side-effect'
  /** `export { x } from 'm'`, `export * from 'm'`, `export * as m from 'm'`, `export type { X } from 'm'` */
  | 're-export'
  /** `import('m')`, `await import('m')`, `typeof import('m')` */
  | 'dynamic'
  /** `require('m')`, `import x = require('m')` */
  | 'require';

export interface ImportReference {
  kind: ImportKind;
  /** The module specifier; null when it is computed (`import(name)`), so that no rule can check it. */
  specifier: string | null;
  line: number;
}

type Token =
  | { type: 'name' | 'punct'; value: string; line: number }
  /** A quoted string, or a template literal without substitutions: a possible module specifier. */
  | { type: 'string'; value: string; line: number }
  /** Anything else that can end an expression (numbers, regular expressions, templates with substitutions). */
  | { type: 'value'; value: string; line: number };

/** After these keywords a `/` starts a regular expression, not a division. */
const BEFORE_EXPRESSION = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

/**
 * Splits TypeScript or JavaScript into the tokens an import scan needs, so that comments, string contents,
 * template literals and regular expressions never look like imports.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  /** Brace depth at each open `${` of a template literal, innermost last. */
  const substitutions: number[] = [];
  let depth = 0;
  let line = 1;
  let i = 0;

  const regexAllowed = () => {
    const previous = tokens.at(-1);
    if (!previous) return true;
    if (previous.type === 'name') return BEFORE_EXPRESSION.has(previous.value);
    if (previous.type === 'punct') return ![')', ']', '}'].includes(previous.value);
    return false;
  };

  /** Reads template characters from `i` (just after a backtick or a substitution's `}`) to the next `${` or backtick. */
  const template = (start: number, head: boolean) => {
    let text = '';
    while (i < source.length) {
      const c = source[i]!;
      if (c === '\\') {
        text += source.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (c === '`') {
        i++;
        tokens.push(
          head ? { type: 'string', value: text, line: start } : { type: 'value', value: text, line },
        );
        return;
      }
      if (c === '$' && source[i + 1] === '{') {
        i += 2;
        tokens.push({ type: 'punct', value: '${', line });
        substitutions.push(depth);
        depth++;
        return;
      }
      if (c === '\n') line++;
      text += c;
      i++;
    }
  };

  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      for (const ch of source.slice(i, stop)) if (ch === '\n') line++;
      i = stop;
    } else if (c === "'" || c === '"') {
      let value = '';
      i++;
      while (i < source.length && source[i] !== c && source[i] !== '\n') {
        if (source[i] === '\\') {
          value += source[i + 1] ?? '';
          i += 2;
        } else value += source[i++];
      }
      i++;
      tokens.push({ type: 'string', value, line });
    } else if (c === '`') {
      i++;
      template(line, true);
    } else if (c === '}' && substitutions.at(-1) === depth - 1) {
      depth--;
      substitutions.pop();
      i++;
      template(line, false);
    } else if (c === '/' && regexAllowed()) {
      const start = i++;
      let inClass = false;
      while (i < source.length && source[i] !== '\n') {
        const ch = source[i]!;
        if (ch === '\\') i++;
        else if (ch === '[') inClass = true;
        else if (ch === ']') inClass = false;
        else if (ch === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < source.length && /[a-z]/i.test(source[i]!)) i++;
      tokens.push({ type: 'value', value: source.slice(start, i), line });
    } else if (/[\p{L}_$]/u.test(c)) {
      const start = i;
      while (i < source.length && /[\p{L}\p{N}_$]/u.test(source[i]!)) i++;
      tokens.push({ type: 'name', value: source.slice(start, i), line });
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next ?? ''))) {
      const start = i;
      while (i < source.length && /[\w.]/.test(source[i]!)) i++;
      tokens.push({ type: 'value', value: source.slice(start, i), line });
    } else {
      if (c === '{') depth++;
      if (c === '}') depth--;
      tokens.push({ type: 'punct', value: c, line });
      i++;
    }
  }
  return tokens;
}

const isPunct = (token: Token | undefined, value: string) => token?.type === 'punct' && token.value === value;
const isName = (token: Token | undefined, value: string) => token?.type === 'name' && token.value === value;

/** The module named by the call whose `(` is at `open`: the literal, or null when it is computed. */
function callArgument(tokens: Token[], open: number): string | null {
  const argument = tokens[open + 1];
  const after = tokens[open + 2];
  return argument?.type === 'string' && (isPunct(after, ')') || isPunct(after, ',')) ? argument.value : null;
}

/** `from 'm'` at `at`, as the end of an import or export clause. */
function fromClause(tokens: Token[], at: number): string | null {
  const specifier = tokens[at + 1];
  return isName(tokens[at], 'from') && specifier?.type === 'string' ? specifier.value : null;
}

/** Skips `{ ... }` starting at `open`; returns the index after the `}`. */
function skipBraces(tokens: Token[], open: number): number {
  let j = open + 1;
  while (j < tokens.length && !isPunct(tokens[j], '}')) j++;
  return j + 1;
}

/**
 * Every module a source file refers to: static and type imports, side-effect imports, re-exports (`export ... from`,
 * `export * from`), dynamic `import()` (in code or in a type) and `require()`. Comments, strings and regular
 * expressions that merely contain such text are not imports.
 */
export function scanImports(source: string): ImportReference[] {
  const tokens = tokenize(source);
  const found: ImportReference[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type !== 'name' || isPunct(tokens[i - 1], '.')) continue;
    const next = tokens[i + 1];
    const line = token.line;
    if (token.value === 'require' && isPunct(next, '(')) {
      found.push({ kind: 'require', specifier: callArgument(tokens, i + 1), line });
    } else if (token.value === 'import') {
      if (isPunct(next, '(')) {
        found.push({ kind: 'dynamic', specifier: callArgument(tokens, i + 1), line });
      } else if (next?.type === 'string') {
        found.push({ kind: 'side-effect', specifier: next.value, line });
      } else if (!isPunct(next, '.')) {
        // import [type] default, { names }, * as ns ... from 'm'; stop where the statement cannot go on.
        for (let j = i + 1; j < tokens.length; j++) {
          const t = tokens[j]!;
          if (isPunct(t, '{')) j = skipBraces(tokens, j) - 1;
          else if (fromClause(tokens, j) !== null) {
            found.push({ kind: 'static', specifier: fromClause(tokens, j), line });
            break;
          } else if (
            t.type === 'string' ||
            (t.type === 'punct' && [';', '=', '(', ')', ':', '}'].includes(t.value)) ||
            (t.type === 'name' && ['import', 'export'].includes(t.value))
          )
            break;
        }
      }
    } else if (token.value === 'export') {
      // export [type] * [as ns] from 'm' | export [type] { names } from 'm'
      let j = i + 1;
      if (isName(tokens[j], 'type') && (isPunct(tokens[j + 1], '{') || isPunct(tokens[j + 1], '*'))) j++;
      if (isPunct(tokens[j], '*')) {
        j++;
        if (isName(tokens[j], 'as')) j += 2;
      } else if (isPunct(tokens[j], '{')) {
        j = skipBraces(tokens, j);
      } else continue;
      const specifier = fromClause(tokens, j);
      if (specifier !== null) found.push({ kind: 're-export', specifier, line });
    }
  }
  return found;
}
