/**
 * One client process of the shared-database proof: many concurrent parameterized queries of different shapes,
 * each checked against the row it must get back, plus read-modify-write transactions on this process's own counter.
 * Prints one JSON line: how many ran, how many came back wrong, the first errors.
 * Usage: tsx pg-hammer.ts <postgres-url> <tag> <operations> <concurrency>
 */
import pg from 'pg';

const [url, tag, operationsArg, concurrencyArg] = process.argv.slice(2);
const operations = Number(operationsArg);
const pool = new pg.Pool({ connectionString: url, max: Number(concurrencyArg) });
const wrong: string[] = [];
const errors: string[] = [];
let increments = 0;

const check = (ok: boolean, what: string) => {
  if (!ok) wrong.push(what);
};

async function one(i: number): Promise<void> {
  const id = 1 + ((i * 7919 + tag!.length * 31) % 1000);
  switch (i % 4) {
    case 0: {
      const { rows } = await pool.query('SELECT id, value, $2::text AS tag FROM hammer_items WHERE id = $1', [
        id,
        `${tag}-${i}`,
      ]);
      check(
        rows.length === 1 && rows[0].id === id && rows[0].value === `v-${id}`,
        `A ${i} ${JSON.stringify(rows)}`,
      );
      check(rows[0]?.tag === `${tag}-${i}`, `A tag ${i} ${JSON.stringify(rows)}`);
      return;
    }
    case 1: {
      const args = [i, `${tag}-b-${i}`, `c${i}`, i * 2, `${tag}-e`];
      const { rows } = await pool.query(
        'SELECT $1::int AS a, $2::text AS b, $3::text AS c, $4::int AS d, $5::text AS e',
        args,
      );
      check(
        JSON.stringify(Object.values(rows[0] ?? {})) === JSON.stringify(args),
        `B ${i} ${JSON.stringify(rows)}`,
      );
      return;
    }
    case 2: {
      const { rows } = await pool.query('SELECT value FROM hammer_items WHERE id = $1', [id]);
      check(rows.length === 1 && rows[0].value === `v-${id}`, `C ${i} ${JSON.stringify(rows)}`);
      return;
    }
    default: {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query('SELECT n FROM hammer_counters WHERE tag = $1 FOR UPDATE', [tag]);
        await client.query('UPDATE hammer_counters SET n = $2 WHERE tag = $1', [tag, Number(rows[0].n) + 1]);
        await client.query('COMMIT');
        increments++;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    }
  }
}

let next = 0;
async function worker(): Promise<void> {
  while (next < operations) {
    const i = next++;
    await one(i).catch((error: Error) => {
      if (errors.length < 5) errors.push(error.message);
      else errors.push('');
    });
  }
}

await Promise.all(Array.from({ length: Number(concurrencyArg) }, worker));
await pool.end();
console.log(
  JSON.stringify({
    tag,
    operations,
    wrong: wrong.length,
    wrongSamples: wrong.slice(0, 3),
    errors: errors.length,
    errorSamples: errors.slice(0, 5),
    increments,
  }),
);
