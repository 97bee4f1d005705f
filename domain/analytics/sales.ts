/** Where a report's numbers come from: the precomputed rollup, or the orders themselves (exact to the second). */
export type ReportSource = 'rollup' | 'live';

/** A half-open range of UTC days, `from` included, `to` excluded (ISO dates, YYYY-MM-DD). */
export interface DayRange {
  from: string;
  to: string;
}

export interface DailySales {
  day: string;
  currency: string;
  orders: number;
  /** Minor units. */
  revenue: number;
  customers: number;
}

/** Sales reports. Implementations read a replica, never the primary the checkout writes to (when one exists). */
export interface TopProduct {
  productId: string;
  name: string;
  units: number;
  /** Minor units. */
  revenue: number;
}

export interface DailyCustomerMix {
  day: string;
  /** Buyers whose first confirmed order was that day. */
  newCustomers: number;
  returningCustomers: number;
}

export interface SalesReports {
  salesByDay(range: DayRange, source: ReportSource): Promise<DailySales[]>;
  /** Best sellers by revenue over the range, at most `limit`. */
  topProducts(range: DayRange, limit: number, source: ReportSource): Promise<TopProduct[]>;
  customerMix(range: DayRange, source: ReportSource): Promise<DailyCustomerMix[]>;
}

/** Average order value in minor units, rounded half up; 0 for a day without orders. */
export const averageOrderValue = (sales: Pick<DailySales, 'orders' | 'revenue'>): number =>
  sales.orders === 0 ? 0 : Math.floor((2 * sales.revenue + sales.orders) / (2 * sales.orders));

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** True for a range of real calendar days with `from` before `to`. */
export const isDayRange = (range: DayRange): boolean =>
  DAY.test(range.from) &&
  DAY.test(range.to) &&
  !Number.isNaN(Date.parse(`${range.from}T00:00:00Z`)) &&
  new Date(`${range.from}T00:00:00Z`).toISOString().startsWith(range.from) &&
  new Date(`${range.to}T00:00:00Z`).toISOString().startsWith(range.to) &&
  range.from < range.to;
