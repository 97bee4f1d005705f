import { CompiledQuery, Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DataApiDialect, toDataApiStatement } from './data-api-dialect.js';
import type { Database } from './database.js';

describe('RDS Data API dialect', () => {
  it("turns Kysely's $n placeholders into typed, named Data API parameters", () => {
    const when = new Date('2026-01-02T03:04:05.000Z');
    const { sql, parameters } = toDataApiStatement(
      CompiledQuery.raw(
        'select * from orders where id = $1 and total_amount > $2 and ratio < $3 and paid = $4 and note is $5 and created_at < $6 and x = $10',
        ['ord_1', 5, 0.5, true, null, when, 'a', 'b', 'c', 'ten'],
      ),
    );
    expect(sql).toBe(
      'select * from orders where id = :p1 and total_amount > :p2 and ratio < :p3 and paid = :p4 and note is :p5 and created_at < :p6 and x = :p10',
    );
    expect(parameters.slice(0, 6)).toEqual([
      { name: 'p1', value: { stringValue: 'ord_1' } },
      { name: 'p2', value: { longValue: 5 } },
      { name: 'p3', value: { doubleValue: 0.5 } },
      { name: 'p4', value: { booleanValue: true } },
      { name: 'p5', value: { isNull: true } },
      { name: 'p6', value: { stringValue: '2026-01-02T03:04:05.000Z' }, typeHint: 'TIMESTAMP' },
    ]);
    expect(parameters[9]).toEqual({ name: 'p10', value: { stringValue: 'ten' } });
  });

  it('compiles the order store queries as PostgreSQL', () => {
    const db = new Kysely<Database>({
      dialect: new DataApiDialect({
        client: {} as never,
        resourceArn: 'arn:x',
        secretArn: 'arn:y',
        database: 'shop',
      }),
    });
    const compiled = db.selectFrom('orders').select('id').where('status', '=', 'PENDING').limit(5).compile();
    expect(toDataApiStatement(compiled).sql).toBe('select "id" from "orders" where "status" = :p1 limit :p2');
  });
});
