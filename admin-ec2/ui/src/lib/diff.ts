export interface Change {
  path: string;
  before: string;
  after: string;
}

const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What an audited write changed: one entry per field whose value differs, nested objects followed down by dotted
 * path (`price.amount`); arrays and other values compared whole.
 */
export function diff(before: unknown, after: unknown, path = ''): Change[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diff(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '(whole)', before: show(before), after: show(after) }];
}
