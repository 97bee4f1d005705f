import type { FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import { parseInput as parse } from '../../adapters/http/problem.js';
import { PostgresSalesReports } from '../../adapters/postgres/sales-reports.postgres.adapter.js';
import { averageOrderValue, isDayRange } from '../../domain/analytics/sales.js';
import { invalid } from '../../domain/shared/errors.js';
import type { AdminAreaFactory } from '../area.js';
import { day, pageSize } from '../shared/query-schemas.js';
import { ANALYTICS_ROUTES } from './analytics.route-table.js';

const source = z._default(z.enum(['rollup', 'live']), 'rollup');
const rangeQuery = z.object({ from: day, to: day, source });
const topProductsQuery = z.object({ from: day, to: day, source, limit: pageSize(10) });

export const checkRange = (range: { from: string; to: string }) => {
  if (!isDayRange(range))
    throw invalid('ANALYTICS.BAD_RANGE', 'from must be a day before to', [
      { path: 'query.to', message: 'after from' },
    ]);
};

/** Reports from the analytics connection (the replica when there is one), each from a rollup or live. */
export const analyticsArea: AdminAreaFactory = ({ analytics, readsFrom }) => {
  const sales = new PostgresSalesReports(analytics.db);
  return {
    register(_app, guard) {
      const salesReport = async (request: FastifyRequest) => {
        const query = parse(rangeQuery, request.query, 'query');
        checkRange(query);
        const items = (await sales.salesByDay(query, query.source)).map((d) => ({
          ...d,
          averageOrderValue: averageOrderValue(d),
        }));
        const orders = items.reduce((n, d) => n + d.orders, 0);
        const revenue = items.reduce((n, d) => n + d.revenue, 0);
        return {
          range: { from: query.from, to: query.to },
          source: query.source,
          readsFrom,
          items,
          totals: { orders, revenue, averageOrderValue: averageOrderValue({ orders, revenue }) },
        };
      };

      guard(ANALYTICS_ROUTES.sales, (request) => salesReport(request));

      guard(ANALYTICS_ROUTES.salesCsv, async (request, reply) => {
        const report = await salesReport(request);
        const lines = [
          'day,currency,orders,revenue_minor_units,average_order_value_minor_units,customers',
          ...report.items.map((d) =>
            [d.day, d.currency, d.orders, d.revenue, d.averageOrderValue, d.customers].join(','),
          ),
        ];
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="sales-${report.range.from}-${report.range.to}.csv"`,
          )
          .send(`${lines.join('\n')}\n`);
      });

      guard(ANALYTICS_ROUTES.topProducts, async (request) => {
        const query = parse(topProductsQuery, request.query, 'query');
        checkRange(query);
        const items = await sales.topProducts(query, query.limit, query.source);
        return { range: { from: query.from, to: query.to }, source: query.source, readsFrom, items };
      });

      guard(ANALYTICS_ROUTES.customerMix, async (request) => {
        const query = parse(rangeQuery, request.query, 'query');
        checkRange(query);
        const items = await sales.customerMix(query, query.source);
        return { range: { from: query.from, to: query.to }, source: query.source, readsFrom, items };
      });
    },
  };
};
