import type { FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import { parseInput as parse } from '../../adapters/http/problem.js';
import { PostgresInsightReports } from '../../adapters/postgres/insight-reports.postgres.adapter.js';
import { PostgresSalesReports } from '../../adapters/postgres/sales-reports.postgres.adapter.js';
import { funnelTotals } from '../../domain/analytics/insights.js';
import { averageOrderValue, isDayRange } from '../../domain/analytics/sales.js';
import { invalid } from '../../domain/shared/errors.js';
import type { AdminAreaFactory } from '../area.js';
import { day, pageSize } from '../shared/query-schemas.js';
import { ANALYTICS_ROUTES } from './analytics.route-table.js';
import { categoryNames } from './category-names.js';
import { sendCsv } from './csv.js';

const source = z._default(z.enum(['rollup', 'live']), 'rollup');
const rangeQuery = z.object({ from: day, to: day, source });
const topProductsQuery = z.object({ from: day, to: day, source, limit: pageSize(10) });

export const checkRange = (range: { from: string; to: string }) => {
  if (!isDayRange(range))
    throw invalid('ANALYTICS.BAD_RANGE', 'from must be a day before to', [
      { path: 'query.to', message: 'after from' },
    ]);
};

/** Reports from the analytics connection (the replica when there is one), each from a rollup or live, and as CSV. */
export const analyticsArea: AdminAreaFactory = ({ analytics, readsFrom, config, logger }) => {
  const sales = new PostgresSalesReports(analytics.db);
  const insights = new PostgresInsightReports(analytics.db);
  const categories = categoryNames(config, logger);

  /** Each report's query parsed and checked, answered with its range, source and where it was read. */
  const report =
    <Q extends { from: string; to: string; source: 'rollup' | 'live' }, R extends object>(
      schema: z.ZodMiniType<Q>,
      answer: (query: Q) => Promise<R>,
    ) =>
    async (request: FastifyRequest) => {
      const query = parse(schema, request.query, 'query');
      checkRange(query);
      const body = await answer(query);
      return { range: { from: query.from, to: query.to }, source: query.source, readsFrom, ...body };
    };

  const salesReport = report(rangeQuery, async (query) => {
    const items = (await sales.salesByDay(query, query.source)).map((d) => ({
      ...d,
      averageOrderValue: averageOrderValue(d),
    }));
    const orders = items.reduce((n, d) => n + d.orders, 0);
    const revenue = items.reduce((n, d) => n + d.revenue, 0);
    return { items, totals: { orders, revenue, averageOrderValue: averageOrderValue({ orders, revenue }) } };
  });
  const topProducts = report(topProductsQuery, async (query) => ({
    items: await sales.topProducts(query, query.limit, query.source),
  }));
  const customerMix = report(rangeQuery, async (query) => ({
    items: await sales.customerMix(query, query.source),
  }));
  const funnel = report(rangeQuery, async (query) => {
    const items = await insights.funnel(query, query.source);
    return { items, totals: funnelTotals(items) };
  });
  const categoryMix = report(rangeQuery, async (query) => {
    const [mix, nameOf] = await Promise.all([insights.categoryMix(query, query.source), categories.nameOf()]);
    return {
      items: mix.map(({ categoryId, ...rest }) => ({
        categoryId,
        categoryName: nameOf(categoryId),
        ...rest,
      })),
    };
  });

  return {
    register(_app, guard) {
      guard(ANALYTICS_ROUTES.sales, salesReport);
      guard(ANALYTICS_ROUTES.salesCsv, async (request, reply) => {
        const { range, items } = await salesReport(request);
        return sendCsv(
          reply,
          'sales',
          range,
          [
            'day',
            'currency',
            'orders',
            'revenue_minor_units',
            'average_order_value_minor_units',
            'customers',
          ],
          items.map((d) => [d.day, d.currency, d.orders, d.revenue, d.averageOrderValue, d.customers]),
        );
      });

      guard(ANALYTICS_ROUTES.topProducts, topProducts);
      guard(ANALYTICS_ROUTES.topProductsCsv, async (request, reply) => {
        const { range, items } = await topProducts(request);
        return sendCsv(
          reply,
          'top-products',
          range,
          ['product_id', 'name', 'units', 'revenue_minor_units'],
          items.map((p) => [p.productId, p.name, p.units, p.revenue]),
        );
      });

      guard(ANALYTICS_ROUTES.customerMix, customerMix);
      guard(ANALYTICS_ROUTES.customerMixCsv, async (request, reply) => {
        const { range, items } = await customerMix(request);
        return sendCsv(
          reply,
          'customers',
          range,
          ['day', 'new_customers', 'returning_customers'],
          items.map((d) => [d.day, d.newCustomers, d.returningCustomers]),
        );
      });

      guard(ANALYTICS_ROUTES.funnel, funnel);
      guard(ANALYTICS_ROUTES.funnelCsv, async (request, reply) => {
        const { range, items } = await funnel(request);
        return sendCsv(
          reply,
          'funnel',
          range,
          ['day', 'product_views', 'adds_to_cart', 'checkouts', 'paid'],
          items.map((d) => [d.day, d.views, d.adds, d.checkouts, d.paid]),
        );
      });

      guard(ANALYTICS_ROUTES.categoryMix, categoryMix);
      guard(ANALYTICS_ROUTES.categoryMixCsv, async (request, reply) => {
        const { range, items } = await categoryMix(request);
        return sendCsv(
          reply,
          'categories',
          range,
          ['category_id', 'category_name', 'currency', 'orders', 'units', 'revenue_minor_units'],
          items.map((c) => [c.categoryId, c.categoryName, c.currency, c.orders, c.units, c.revenue]),
        );
      });
    },
    close: async () => categories.close(),
  };
};
