import type { FastifyReply } from 'fastify';
import { parseInput as parse } from '../../adapters/http/problem.js';
import { HttpPaymentGateway } from '../../adapters/payments/http.gateway.js';
import { PostgresCustomers } from '../../adapters/postgres/customers.postgres.adapter.js';
import { PostgresFulfilmentStore } from '../../adapters/postgres/fulfilment.postgres.adapter.js';
import type { Admin } from '../../domain/admin/admin.js';
import { availableActions, refundable } from '../../domain/orders/fulfilment.js';
import type { AuditFor, OrderRecord } from '../../domain/orders/fulfilment.ports.js';
import { FulfilmentService, type RefundState } from '../../domain/orders/fulfilment.service.js';
import { invalid } from '../../domain/shared/errors.js';
import { money } from '../../domain/shared/money.js';
import { type AdminAreaFactory, auditEntry } from '../area.js';
import { ORDERS_ROUTES } from './orders.route-table.js';
import { cancelBody, deliverBody, orderParams, ordersQuery, refundBody, shipBody } from './orders.schemas.js';

/** How often, and after how long, refunds whose gateway answer never came are asked again (same idempotency key). */
const RECOVERY_EVERY_MS = 30_000;
const RECOVER_AFTER_MS = 30_000;

/** The detail screen's body; every write answers it too. */
export function orderView(record: OrderRecord) {
  const { order, customer, events, payments } = record;
  const left = refundable(order.status, record.charged, reservedOf(record));
  const actions = availableActions(order.status, left, record.refundPending);
  return {
    order,
    customer,
    events,
    payments,
    actions: { ...actions, refundable: actions.refundable ?? money(0, order.total.currency) },
  };
}

/** Refunds that went through or are on their way: what a new refund cannot take again. */
const reservedOf = (record: OrderRecord) =>
  record.payments.filter((p) => p.kind === 'refund' && p.status !== 'FAILED').map((p) => p.amount);

const auditFor =
  (admin: Admin, action: string, orderId: string, reason?: string): AuditFor =>
  ({ before, after }) =>
    auditEntry(admin, {
      action,
      targetType: 'order',
      targetId: orderId,
      before,
      after,
      ...(reason ? { reason } : {}),
    });

/** A refund still open when the answer goes out: accepted, and the recovery sweep will settle it. */
const answer = (reply: FastifyReply, result: { record: OrderRecord; refund: RefundState }) =>
  reply.status(result.refund === 'open' ? 202 : 200).send(orderView(result.record));

/** Orders: list and detail, ship, deliver, cancel and refund through the payment provider (PAYMENTS_URL). */
export const ordersArea: AdminAreaFactory = ({ primary, config, logger }) => {
  const gateway = config.PAYMENTS_URL ? new HttpPaymentGateway('card-network', config.PAYMENTS_URL) : null;
  const orders = new FulfilmentService(new PostgresFulfilmentStore(primary.db), gateway);
  const customers = new PostgresCustomers(primary.db);
  const recovery = setInterval(() => {
    orders
      .recoverRefunds(new Date(Date.now() - RECOVER_AFTER_MS))
      .catch((error) => logger.warn('refund recovery failed; trying again later', { error: String(error) }));
  }, RECOVERY_EVERY_MS);
  recovery.unref();

  return {
    register(_app, guard) {
      guard(ORDERS_ROUTES.orders, async (request) => {
        const { customer, cursor, limit, ...filter } = parse(ordersQuery, request.query, 'query');
        if (filter.from && filter.to && filter.from > filter.to)
          throw invalid('ORDERS.BAD_RANGE', 'from must not be after to', [
            { path: 'query.to', message: 'on or after from' },
          ]);
        const userId = customer ? await customers.resolve(customer) : undefined;
        if (userId === null) return { items: [], nextCursor: null };
        return orders.list({ ...filter, ...(userId ? { userId } : {}) }, limit, cursor);
      });

      guard(ORDERS_ROUTES.order, async (request) => {
        const { id } = parse(orderParams, request.params, 'path');
        return orderView(await orders.detail(id));
      });

      guard(ORDERS_ROUTES.shipOrder, async (request, _reply, admin) => {
        const { id } = parse(orderParams, request.params, 'path');
        const shipment = parse(shipBody, request.body, 'body');
        return orderView(await orders.ship(id, shipment, auditFor(admin, 'order.ship', id)));
      });

      guard(ORDERS_ROUTES.deliverOrder, async (request, _reply, admin) => {
        const { id } = parse(orderParams, request.params, 'path');
        parse(deliverBody, request.body, 'body');
        return orderView(await orders.deliver(id, auditFor(admin, 'order.deliver', id)));
      });

      guard(ORDERS_ROUTES.cancelOrder, async (request, reply, admin) => {
        const { id } = parse(orderParams, request.params, 'path');
        const { reason } = parse(cancelBody, request.body, 'body');
        return answer(reply, await orders.cancel(id, reason, auditFor(admin, 'order.cancel', id, reason)));
      });

      guard(ORDERS_ROUTES.refundOrder, async (request, reply, admin) => {
        const { id } = parse(orderParams, request.params, 'path');
        const body = parse(refundBody, request.body, 'body');
        return answer(reply, await orders.refund(id, body, auditFor(admin, 'order.refund', id, body.reason)));
      });
    },
    async close() {
      clearInterval(recovery);
    },
  };
};
