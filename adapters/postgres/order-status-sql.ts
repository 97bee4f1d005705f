import { sql } from 'kysely';
import { CHARGED_STATUSES, PAID_STATUSES } from '../../domain/orders/fulfilment.js';

const list = (statuses: readonly string[]) => sql.raw(`(${statuses.map((s) => `'${s}'`).join(', ')})`);

/** Orders that count as sales in every report: paid and not cancelled, wherever fulfilment has got to. */
export const SOLD_STATUSES_SQL = list(PAID_STATUSES);
/** Orders whose card was charged (sales, and cancelled ones): the funnel's "paid" step. */
export const CHARGED_STATUSES_SQL = list(CHARGED_STATUSES);
