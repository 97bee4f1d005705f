/**
 * npm run cost -- --stage prod --daily-visitors 100000 [--json] [--table]
 *
 * Packages the stage offline (osls, no AWS account), counts what its template deploys (bench/cost/inventory.ts) and
 * prices a month of it for the given traffic with bench/cost/prices.json. `--table` prints the README's matrix
 * (dev and prod at 1,000 / 100,000 / 1,000,000 daily visitors).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { packagedTemplate } from '../tests/infrastructure/template.js';
import { type CfnTemplate, inventoryOf } from './cost/inventory.js';
import { ASSUMPTIONS, monthlyCost, type PriceTable, total } from './cost/model.js';

const { values } = parseArgs({
  options: {
    stage: { type: 'string', default: 'prod' },
    'daily-visitors': { type: 'string', default: '100000' },
    json: { type: 'boolean', default: false },
    table: { type: 'boolean', default: false },
  },
});
const prices = JSON.parse(readFileSync(new URL('./cost/prices.json', import.meta.url), 'utf8')) as PriceTable;
const usd = (n: number) =>
  `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const inventoryFor = async (stage: string) =>
  inventoryOf((await packagedTemplate(stage)) as unknown as CfnTemplate);

if (values.table) {
  const visitors = [1_000, 100_000, 1_000_000];
  const stages = ['dev', 'prod'];
  const costs = await Promise.all(stages.map(async (stage) => [stage, await inventoryFor(stage)] as const));
  const rows = costs.map(([, inventory]) => visitors.map((v) => monthlyCost(inventory, prices, v)));
  const services = rows[0]![0]!.map((l) => l.service);
  console.log(
    `| service | ${stages.flatMap((s) => visitors.map((v) => `${s} ${v.toLocaleString('en-US')}`)).join(' | ')} |`,
  );
  console.log(`|---|${stages.flatMap(() => visitors.map(() => '---:')).join('|')}|`);
  for (const service of services)
    console.log(
      `| ${service} | ${rows.flatMap((r) => r.map((lines) => usd(lines.find((l) => l.service === service)?.monthly ?? 0))).join(' | ')} |`,
    );
  console.log(
    `| **total per month** | ${rows.flatMap((r) => r.map((lines) => `**${usd(total(lines))}**`)).join(' | ')} |`,
  );
} else {
  const stage = values.stage!;
  const dailyVisitors = Number(values['daily-visitors']);
  if (!Number.isFinite(dailyVisitors) || dailyVisitors < 0)
    throw new Error('--daily-visitors must be a number');
  const inventory = await inventoryFor(stage);
  const lines = monthlyCost(inventory, prices, dailyVisitors);
  if (values.json) {
    console.log(
      JSON.stringify(
        { stage, dailyVisitors, total: total(lines), lines, inventory, assumptions: ASSUMPTIONS },
        null,
        2,
      ),
    );
  } else {
    console.log(
      `shop-${stage}: ${dailyVisitors.toLocaleString('en-US')} visitors a day, a month of ${ASSUMPTIONS.daysPerMonth} days`,
    );
    console.log(`prices: ${prices.source}\ncompiled ${prices.compiled}. ${prices.note}\n`);
    const width = Math.max(...lines.map((l) => l.service.length));
    for (const line of lines)
      console.log(`${line.service.padEnd(width)}  ${usd(line.monthly).padStart(11)}  ${line.detail}`);
    console.log(`${'total'.padEnd(width)}  ${usd(total(lines)).padStart(11)}\n`);
    console.log('assumptions (bench/cost/model.ts):');
    for (const [name, value] of Object.entries(ASSUMPTIONS)) console.log(`  ${name}: ${value}`);
  }
}
