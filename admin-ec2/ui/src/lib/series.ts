import { type DayRange, daysOf } from './dates';

/** Report rows as chart series: one value per day of the range, 0 for a day the API left out. */
export function perDay<T extends { day: string }>(
  range: DayRange,
  items: readonly T[],
  value: (item: T) => number,
): { days: string[]; values: number[] } {
  const byDay = new Map<string, number>();
  for (const item of items) byDay.set(item.day, (byDay.get(item.day) ?? 0) + value(item));
  const days = daysOf(range);
  return { days, values: days.map((day) => byDay.get(day) ?? 0) };
}

/** The currency that earned the most (charts plot one currency; the others are listed beside them). */
export function mainCurrency(items: readonly { currency: string; revenue: number }[]): string {
  const totals = totalsByCurrency(items);
  return [...totals].sort((a, b) => b.revenue - a.revenue)[0]?.currency ?? 'USD';
}

export function totalsByCurrency<T extends { currency: string; revenue: number; orders?: number }>(
  items: readonly T[],
): { currency: string; revenue: number; orders: number }[] {
  const totals = new Map<string, { currency: string; revenue: number; orders: number }>();
  for (const item of items) {
    const total = totals.get(item.currency) ?? { currency: item.currency, revenue: 0, orders: 0 };
    total.revenue += item.revenue;
    total.orders += item.orders ?? 0;
    totals.set(item.currency, total);
  }
  return [...totals.values()];
}

/** The day with the highest value, for a chart's text summary. */
export function peak(
  days: readonly string[],
  values: readonly number[],
): { day: string; value: number } | null {
  let best: { day: string; value: number } | null = null;
  values.forEach((value, index) => {
    if (!best || value > best.value) best = { day: days[index]!, value };
  });
  return best;
}

/** "42.5%" of a part in a whole; "—" when the whole is 0. */
export function share(part: number, whole: number): string {
  if (whole === 0) return '—';
  return `${(Math.round((part / whole) * 1000) / 10).toString()}%`;
}
