import * as z from 'zod/mini';
import { parseInput as parse } from '../../adapters/http/problem.js';
import { PostgresCustomers } from '../../adapters/postgres/customers.postgres.adapter.js';
import { notFound } from '../../domain/shared/errors.js';
import type { AdminAreaFactory } from '../area.js';
import { pageSize } from '../shared/query-schemas.js';
import { CUSTOMERS_ROUTES } from './customers.route-table.js';

const customersQuery = z.object({
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(254))),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: pageSize(50),
});
const customerParams = z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)) });

/** Customer lookup for support: search by email or name prefix, and one customer with their newest orders. */
export const customersArea: AdminAreaFactory = ({ primary }) => {
  const customers = new PostgresCustomers(primary.db);
  return {
    register(_app, guard) {
      guard(CUSTOMERS_ROUTES.customers, async (request) => {
        const { q, cursor, limit } = parse(customersQuery, request.query, 'query');
        return customers.search(q, limit, cursor);
      });

      guard(CUSTOMERS_ROUTES.customer, async (request) => {
        const { id } = parse(customerParams, request.params, 'path');
        const found = await customers.find(id);
        if (!found) throw notFound('CUSTOMERS.NOT_FOUND', `No customer ${id}`);
        return found;
      });
    },
  };
};
