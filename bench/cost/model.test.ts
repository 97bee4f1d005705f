import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { packagedTemplate } from '../../tests/infrastructure/template.js';
import { type CfnTemplate, type Inventory, inventoryOf } from './inventory.js';
import { monthlyCost, type PriceTable, total } from './model.js';

const prices = JSON.parse(readFileSync(new URL('./prices.json', import.meta.url), 'utf8')) as PriceTable;
let dev: Inventory;
let prod: Inventory;
beforeAll(async () => {
  dev = inventoryOf((await packagedTemplate('dev')) as unknown as CfnTemplate);
  prod = inventoryOf((await packagedTemplate('prod')) as unknown as CfnTemplate);
}, 360_000);

describe('the cost model (npm run cost)', () => {
  it('the price table says where its prices come from and when', () => {
    expect(prices.source).toMatch(/aws\.amazon\.com/);
    expect(prices.compiled).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('counts what each stage deploys from its packaged template', () => {
    expect(dev).toMatchObject({ natGateways: 1, cache: { nodes: 1 }, search: { instances: 1 } });
    expect(prod).toMatchObject({ natGateways: 2, cache: { nodes: 2 }, search: { instances: 2 } });
    expect(prod.services.map((s) => s.name).sort()).toEqual(['cart', 'orders', 'search', 'users']);
    for (const s of prod.services) expect(s.minTasks).toBeGreaterThanOrEqual(2);
    expect(prod.database.instances).toBe(2);
    expect(prod.functions.length).toBe(7);
  });

  it('prices every line, more for prod than dev, and more for more visitors', () => {
    for (const inventory of [dev, prod])
      for (const line of monthlyCost(inventory, prices, 100_000))
        expect(line.monthly).toBeGreaterThanOrEqual(0);
    expect(total(monthlyCost(prod, prices, 1_000))).toBeGreaterThan(total(monthlyCost(dev, prices, 1_000)));
    const [small, medium, large] = [1_000, 100_000, 1_000_000].map((v) =>
      total(monthlyCost(prod, prices, v)),
    );
    expect(medium).toBeGreaterThan(small!);
    expect(large).toBeGreaterThan(medium!);
  });
});
