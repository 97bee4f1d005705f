import type { FastifyReply } from 'fastify';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text a spreadsheet would run as a
 * formula (=, +, -, @ first) is prefixed with a quote mark, so an exported product or category name cannot.
 */
const field = (value: string | number): string => {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** Sends a report as a CSV attachment named after it and its range. */
export const sendCsv = (
  reply: FastifyReply,
  name: string,
  range: { from: string; to: string },
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
) =>
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${range.from}-${range.to}.csv"`)
    .send(`${[header, ...rows].map((row) => row.map(field).join(',')).join('\n')}\n`);
