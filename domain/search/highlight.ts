const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe to place in HTML: a product's own `<b>` shows as text, never as markup. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);

/** A word as shoppers and analysers see it: letters and digits, with inner apostrophes (`Chef's`). */
export const WORD_PATTERN = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/** Longer texts are cut to a window of about this many characters around the first match. */
export const HIGHLIGHT_FRAGMENT = 240;

/**
 * `text` with every word `isMatch` accepts wrapped in <mark>...</mark> and everything else HTML-escaped; undefined
 * when no word matched. A text longer than `fragment` is cut to a window around the first match, with an ellipsis
 * where it was cut.
 */
export function highlight(
  text: string,
  isMatch: (word: string) => boolean,
  fragment = Number.POSITIVE_INFINITY,
): string | undefined {
  const matches: { start: number; end: number }[] = [];
  for (const match of text.matchAll(WORD_PATTERN)) {
    if (isMatch(match[0])) matches.push({ start: match.index, end: match.index + match[0].length });
  }
  if (matches.length === 0) return undefined;
  let from = 0;
  let to = text.length;
  if (text.length > fragment) {
    from = Math.max(0, matches[0]!.start - Math.floor(fragment / 4));
    if (from > 0) from = wordStartAtOrAfter(text, from);
    to = Math.min(text.length, from + fragment);
    if (to < text.length) to = wordEndAtOrBefore(text, to, matches[0]!.end);
  }
  let out = from > 0 ? '…' : '';
  let cursor = from;
  for (const { start, end } of matches) {
    if (start < from || end > to) continue;
    out += `${escapeHtml(text.slice(cursor, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>`;
    cursor = end;
  }
  out += escapeHtml(text.slice(cursor, to));
  return to < text.length ? `${out}…` : out;
}

function wordStartAtOrAfter(text: string, index: number): number {
  for (const match of text.matchAll(WORD_PATTERN)) if (match.index >= index) return match.index;
  return index;
}

function wordEndAtOrBefore(text: string, index: number, atLeast: number): number {
  let end = atLeast;
  for (const match of text.matchAll(WORD_PATTERN)) {
    const matchEnd = match.index + match[0].length;
    if (matchEnd > index) break;
    end = Math.max(end, matchEnd);
  }
  return end;
}
