import type { Money } from '../shared/money.js';

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'FAILED';

export interface OrderLine {
  sku: string;
  productId: string;
  name: string;
  unitPrice: Money;
  quantity: number;
  lineTotal: Money;
}

export interface Order {
  id: string;
  status: OrderStatus;
  lines: OrderLine[];
  total: Money;
  createdAt: string;
  updatedAt: string;
}

/** What an idempotent request returns again on replay: the first answer, byte for byte. */
export interface StoredResponse {
  status: number;
  body: unknown;
}
