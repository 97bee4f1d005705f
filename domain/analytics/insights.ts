import type { DayRange, ReportSource } from './sales.js';

/** One UTC day of the funnel: product views -> adds to cart -> checkouts (orders created) -> paid (confirmed). */
export interface DailyFunnel {
  day: string;
  views: number;
  adds: number;
  checkouts: number;
  paid: number;
}

export type FunnelTotals = Omit<DailyFunnel, 'day'>;

/** Confirmed sales of one category (and currency) over a range. */
export interface CategorySales {
  categoryId: string;
  orders: number;
  units: number;
  /** Line revenue in minor units (before shipping and tax). */
  revenue: number;
  currency: string;
}

/** Lines sold before checkouts recorded a category. */
export const UNCATEGORIZED = 'uncategorized';

/** The funnel and the category mix. Implementations read the replica (when one exists), like SalesReports. */
export interface InsightReports {
  funnel(range: DayRange, source: ReportSource): Promise<DailyFunnel[]>;
  /** By revenue, highest first. */
  categoryMix(range: DayRange, source: ReportSource): Promise<CategorySales[]>;
}

export const funnelTotals = (days: readonly DailyFunnel[]): FunnelTotals =>
  days.reduce(
    (total, d) => ({
      views: total.views + d.views,
      adds: total.adds + d.adds,
      checkouts: total.checkouts + d.checkouts,
      paid: total.paid + d.paid,
    }),
    { views: 0, adds: 0, checkouts: 0, paid: 0 },
  );
