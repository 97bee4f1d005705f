import { averageOrderValue } from '../../../../domain/analytics/sales.js';
import { formatMoney } from '../../../../web/src/lib/money';
import { useLocation } from '../../../../web/src/lib/router';
import type { ApiState } from '../../../../web/src/lib/use-api';
import type {
  CategoryMix,
  CustomerMixDay,
  FunnelReport,
  Report,
  SalesReport,
  TopProduct,
} from '../api/types';
import type { ChartSeries } from '../charts/time-chart';
import { PageHeader } from '../components/bits';
import { RangePicker } from '../components/RangePicker';
import { csvHref, DataTable, ReportSection, useReport, useTimeChart } from '../components/Report';
import { addDays, type DayRange, rangeFromQuery } from '../lib/dates';
import { mainCurrency, peak, perDay, share, totalsByCurrency } from '../lib/series';
import { useTitle } from '../lib/title';

const API = '/admin/api/analytics';
const count = new Intl.NumberFormat();
const dayName = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const showDay = (day: string) => dayName.format(new Date(`${day}T00:00:00Z`));
const money = (currency: string) => (amount: number) =>
  formatMoney({ amount: Math.round(amount), currency }, { whole: true });

function Chart({ days, series }: { days: string[]; series: ChartSeries[] }) {
  const TimeChart = useTimeChart();
  return TimeChart ? (
    <TimeChart days={days} series={series} />
  ) : (
    <div class="skeleton skeleton-chart" aria-hidden="true" />
  );
}

function salesSeries(range: DayRange, report: SalesReport) {
  const currency = mainCurrency(report.items);
  const items = report.items.filter((item) => item.currency === currency);
  const revenue = perDay(range, items, (d) => d.revenue);
  const orders = perDay(range, items, (d) => d.orders);
  const aov = revenue.values.map((r, i) => averageOrderValue({ revenue: r, orders: orders.values[i]! }));
  const others = totalsByCurrency(report.items).filter((t) => t.currency !== currency);
  return { currency, days: revenue.days, revenue: revenue.values, orders: orders.values, aov, others };
}

function SalesReports({ range, state }: { range: DayRange; state: ApiState<SalesReport> }) {
  const series = state.data ? salesSeries(range, state.data) : null;
  const fmt = money(series?.currency ?? 'USD');
  const table = (aov: boolean) => () =>
    series && (
      <DataTable
        caption="Sales per day"
        head={aov ? ['Day', 'Average order value'] : ['Day', 'Revenue', 'Orders']}
        rows={series.days.map((day, i) =>
          aov
            ? [showDay(day), fmt(series.aov[i]!)]
            : [showDay(day), fmt(series.revenue[i]!), count.format(series.orders[i]!)],
        )}
      />
    );
  const totals = series
    ? totalsByCurrency(state.data!.items).find((t) => t.currency === series.currency)
    : null;
  return (
    <>
      {series && totals && (
        <dl class="totals" aria-label="Totals for the range">
          <div>
            <dt>Revenue</dt>
            <dd>{formatMoney({ amount: totals.revenue, currency: series.currency })}</dd>
          </div>
          <div>
            <dt>Orders</dt>
            <dd>{count.format(totals.orders)}</dd>
          </div>
          <div>
            <dt>Average order value</dt>
            <dd>{formatMoney({ amount: averageOrderValue(totals), currency: series.currency })}</dd>
          </div>
        </dl>
      )}
      {series && series.others.length > 0 && (
        <p class="muted">
          Charts show {series.currency}. Also sold:{' '}
          {series.others
            .map((t) => `${formatMoney({ amount: t.revenue, currency: t.currency })} in ${t.orders} orders`)
            .join('; ')}
          .
        </p>
      )}
      <ReportSection
        id="sales"
        title="Revenue and orders per day"
        state={state}
        csv={csvHref(`${API}/sales`, range)}
        summary={() => {
          const top = series && peak(series.days, series.revenue);
          return top && top.value > 0
            ? `Best day ${showDay(top.day)} with ${fmt(top.value)}.`
            : 'No sales in this range.';
        }}
        table={table(false)}
      >
        {() =>
          series && (
            <Chart
              days={series.days}
              series={[
                { label: 'Revenue', values: series.revenue, format: fmt, color: '#1d4ed8', bars: true },
                {
                  label: 'Orders',
                  values: series.orders,
                  format: (n) => count.format(n),
                  color: '#b45309',
                  right: true,
                },
              ]}
            />
          )
        }
      </ReportSection>
      <ReportSection
        id="aov"
        title="Average order value"
        state={state}
        csv={csvHref(`${API}/sales`, range)}
        summary={() => {
          const top = series && peak(series.days, series.aov);
          return top && top.value > 0
            ? `Highest on ${showDay(top.day)}: ${fmt(top.value)}.`
            : 'No orders in this range.';
        }}
        table={table(true)}
      >
        {() =>
          series && (
            <Chart
              days={series.days}
              series={[{ label: 'Average order value', values: series.aov, format: fmt, color: '#047857' }]}
            />
          )
        }
      </ReportSection>
    </>
  );
}

/** A ranking as a table with a bar per row: already a text alternative, so "Show table" drops only the bars. */
function Ranking<T>({
  rows,
  caption,
  head,
  value,
  cells,
}: {
  rows: T[];
  caption: string;
  head: string[];
  value: (row: T) => number;
  cells: (row: T) => (string | number)[];
}) {
  const max = Math.max(1, ...rows.map(value));
  return (
    <DataTable
      caption={caption}
      head={head}
      rows={rows.map((row) => {
        const [first, ...rest] = cells(row);
        return [
          <span class="ranked" key="name">
            <span>{first}</span>
            <span class="bar" aria-hidden="true">
              <span class="bar-fill" style={{ width: `${(value(row) / max) * 100}%` }} />
            </span>
          </span>,
          ...rest,
        ];
      })}
    />
  );
}

function TopProducts({ range, currency }: { range: DayRange; currency: string }) {
  const state = useReport<Report<TopProduct>>(`${API}/top-products`, range, { limit: '10' });
  const fmt = (p: TopProduct) => formatMoney({ amount: p.revenue, currency: p.currency ?? currency });
  const rows = (data: Report<TopProduct>, bars: boolean) =>
    bars ? (
      <Ranking
        rows={data.items}
        caption="Top products by revenue"
        head={['Product', 'Units', 'Revenue']}
        value={(p) => p.revenue}
        cells={(p) => [p.name || p.productId, count.format(p.units), fmt(p)]}
      />
    ) : (
      <DataTable
        caption="Top products by revenue"
        head={['Product', 'Units', 'Revenue']}
        rows={data.items.map((p) => [p.name || p.productId, count.format(p.units), fmt(p)])}
      />
    );
  return (
    <ReportSection
      id="top-products"
      title="Top products"
      state={state}
      csv={csvHref(`${API}/top-products`, range)}
      summary={(data) =>
        data.items[0]
          ? `${data.items[0].name || data.items[0].productId} sold most: ${fmt(data.items[0])}.`
          : 'No sales in this range.'
      }
      table={(data) => rows(data, false)}
    >
      {(data) => rows(data, true)}
    </ReportSection>
  );
}

function Customers({ range }: { range: DayRange }) {
  const state = useReport<Report<CustomerMixDay>>(`${API}/customers`, range);
  const series = (data: Report<CustomerMixDay>) => ({
    fresh: perDay(range, data.items, (d) => d.newCustomers),
    returning: perDay(range, data.items, (d) => d.returningCustomers),
  });
  return (
    <ReportSection
      id="customers"
      title="New and returning customers"
      state={state}
      csv={csvHref(`${API}/customers`, range)}
      summary={(data) => {
        const fresh = data.items.reduce((n, d) => n + d.newCustomers, 0);
        const back = data.items.reduce((n, d) => n + d.returningCustomers, 0);
        return `${count.format(fresh)} new and ${count.format(back)} returning buyers (${share(back, fresh + back)} returning).`;
      }}
      table={(data) => {
        const { fresh, returning } = series(data);
        return (
          <DataTable
            caption="New and returning customers per day"
            head={['Day', 'New', 'Returning']}
            rows={fresh.days.map((day, i) => [
              showDay(day),
              count.format(fresh.values[i]!),
              count.format(returning.values[i]!),
            ])}
          />
        );
      }}
    >
      {(data) => {
        const { fresh, returning } = series(data);
        const format = (n: number) => count.format(n);
        return (
          <Chart
            days={fresh.days}
            series={[
              { label: 'New', values: fresh.values, format, color: '#7c3aed' },
              { label: 'Returning', values: returning.values, format, color: '#0891b2' },
            ]}
          />
        );
      }}
    </ReportSection>
  );
}

function Categories({ range }: { range: DayRange }) {
  const state = useReport<Report<CategoryMix>>(`${API}/categories`, range);
  const cells = (c: CategoryMix, total: number) => [
    c.categoryName || c.categoryId,
    count.format(c.orders),
    count.format(c.units),
    formatMoney({ amount: c.revenue, currency: c.currency }),
    share(c.revenue, total),
  ];
  const head = ['Category', 'Orders', 'Units', 'Revenue', 'Share'];
  const total = (data: Report<CategoryMix>) => data.items.reduce((n, c) => n + c.revenue, 0);
  return (
    <ReportSection
      id="categories"
      title="Category mix"
      state={state}
      csv={csvHref(`${API}/categories`, range)}
      summary={(data) => {
        const first = [...data.items].sort((a, b) => b.revenue - a.revenue)[0];
        return first
          ? `${first.categoryName || first.categoryId} brought ${share(first.revenue, total(data))} of revenue.`
          : 'No sales in this range.';
      }}
      table={(data) => (
        <DataTable caption="Category mix" head={head} rows={data.items.map((c) => cells(c, total(data)))} />
      )}
    >
      {(data) => (
        <Ranking
          rows={data.items}
          caption="Category mix by revenue"
          head={head}
          value={(c) => c.revenue}
          cells={(c) => cells(c, total(data))}
        />
      )}
    </ReportSection>
  );
}

const STEPS = [
  ['views', 'Product views'],
  ['adds', 'Added to cart'],
  ['checkouts', 'Checkouts'],
  ['paid', 'Paid'],
] as const;

function Funnel({ range }: { range: DayRange }) {
  const state = useReport<FunnelReport>(`${API}/funnel`, range);
  const totals = (data: FunnelReport) =>
    data.totals ?? {
      views: data.items.reduce((n, d) => n + d.views, 0),
      adds: data.items.reduce((n, d) => n + d.adds, 0),
      checkouts: data.items.reduce((n, d) => n + d.checkouts, 0),
      paid: data.items.reduce((n, d) => n + d.paid, 0),
    };
  const steps = (data: FunnelReport) => {
    const t = totals(data);
    return (
      <ol class="funnel">
        {STEPS.map(([key, label], index) => (
          <li key={key}>
            <span class="funnel-label">{label}</span>
            <span class="bar" aria-hidden="true">
              <span class="bar-fill" style={{ width: `${t.views ? (t[key] / t.views) * 100 : 0}%` }} />
            </span>
            <span class="num">
              {count.format(t[key])}
              {index > 0 && ` (${share(t[key], t[STEPS[index - 1]![0]])} of the step before)`}
            </span>
          </li>
        ))}
      </ol>
    );
  };
  return (
    <ReportSection
      id="funnel"
      title="Funnel"
      state={state}
      csv={csvHref(`${API}/funnel`, range)}
      summary={(data) => {
        const t = totals(data);
        return `${share(t.paid, t.views)} of product views led to a paid order.`;
      }}
      table={(data) => (
        <DataTable
          caption="Funnel per day"
          head={['Day', ...STEPS.map(([, label]) => label)]}
          rows={data.items.map((d) => [showDay(d.day), ...STEPS.map(([key]) => count.format(d[key]))])}
        />
      )}
    >
      {steps}
    </ReportSection>
  );
}

export function Dashboard() {
  useTitle('Dashboard');
  const location = useLocation();
  const now = new Date();
  const range = rangeFromQuery(location.query, now);
  const sales = useReport<SalesReport>(`${API}/sales`, range);
  const currency = sales.data ? mainCurrency(sales.data.items) : 'USD';
  return (
    <section class="dashboard">
      <PageHeader title="Dashboard" />
      <p class="muted">
        {showDay(range.from)} to {showDay(addDays(range.to, -1))}, UTC days.
      </p>
      <RangePicker range={range} now={now} />
      <SalesReports range={range} state={sales} />
      <div class="report-grid">
        <TopProducts range={range} currency={currency} />
        <Categories range={range} />
      </div>
      <Customers range={range} />
      <Funnel range={range} />
    </section>
  );
}
