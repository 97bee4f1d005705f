/** Dates of the reports: UTC days as YYYY-MM-DD; a range is half-open (`to` excluded), as the API takes it. */
export interface DayRange {
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export const isDay = (value: string | null | undefined): value is string =>
  !!value && DAY.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

export const toDay = (date: Date) => date.toISOString().slice(0, 10);

export const addDays = (day: string, days: number) =>
  toDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));

/** Every day of the range, in order (the API leaves out days without orders; charts show them as zero). */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day < range.to && days.length < 3700; day = addDays(day, 1)) days.push(day);
  return days;
}

export const PRESETS = [
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
  { id: 'month', label: 'This month' },
  { id: 'last-month', label: 'Last month' },
  { id: '365d', label: 'Last 12 months' },
] as const;
export type PresetId = (typeof PRESETS)[number]['id'];

/** The preset's range; "last N days" includes today. */
export function presetRange(preset: PresetId, now: Date): DayRange {
  const today = toDay(now);
  const tomorrow = addDays(today, 1);
  const monthStart = `${today.slice(0, 7)}-01`;
  switch (preset) {
    case '7d':
      return { from: addDays(today, -6), to: tomorrow };
    case '30d':
      return { from: addDays(today, -29), to: tomorrow };
    case '90d':
      return { from: addDays(today, -89), to: tomorrow };
    case '365d':
      return { from: addDays(today, -364), to: tomorrow };
    case 'month':
      return { from: monthStart, to: tomorrow };
    case 'last-month':
      return { from: `${addDays(monthStart, -1).slice(0, 7)}-01`, to: monthStart };
  }
}

export const presetOf = (range: DayRange, now: Date): PresetId | null =>
  PRESETS.find(({ id }) => {
    const preset = presetRange(id, now);
    return preset.from === range.from && preset.to === range.to;
  })?.id ?? null;

/** The range in the address bar when it is a real one, else the last 30 days. */
export function rangeFromQuery(query: URLSearchParams, now: Date): DayRange {
  const from = query.get('from');
  const to = query.get('to');
  if (isDay(from) && isDay(to) && from < to) return { from, to };
  return presetRange('30d', now);
}

/** The range from the form's inclusive "to" day; null when the days are not a range. */
export function rangeFromInputs(from: string, lastDay: string): DayRange | null {
  if (!isDay(from) || !isDay(lastDay) || lastDay < from) return null;
  return { from, to: addDays(lastDay, 1) };
}
