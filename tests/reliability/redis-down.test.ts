import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalShop, startLocalShop } from '../../local/shop.js';
import { localShopConfig } from '../support/local-shop-config.js';
import { PrivateRedis } from '../support/private-redis.js';
import { describeWithService } from '../support/real-services.js';
import { ShopTraffic } from '../support/shop-traffic.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PHASES = ['before', 'during', 'after'] as const;

/**
 * Redis (ElastiCache) dies under traffic and comes back empty: the catalog (Lambdas), login, cart and checkout
 * (services) keep answering exactly as before, since every Redis use is fail-open (cache: read through; rate limits:
 * counted in the process), and they use the new node again by themselves. The test runs a redis-server of its own
 * (REDIS_URL only says that Redis is installed here) and kills it with SIGKILL.
 */
describeWithService('REDIS_URL', 'Redis stopped during traffic (a private redis-server)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'shop-redis-down-'));
  let redis: PrivateRedis;
  let shop: LocalShop;
  let traffic: ShopTraffic;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    shop = await startLocalShop({
      config: await localShopConfig(dataDir, 60, { REDIS_URL: redis.url }),
      quiet: true,
    });
  }, 240_000);
  afterAll(async () => {
    await traffic?.stop();
    await shop?.stop();
    await redis?.down();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps catalog, login, cart and checkout answering with no 5xx while Redis is down, and uses Redis again once it is back', async () => {
    traffic = new ShopTraffic(shop.urls.edge, 4);
    await traffic.start();
    await sleep(6000);
    const before = await redis.info();
    // The shop really used this Redis: cached pages and sessions read back from it, every process connected.
    expect(before.keyspace_hits, 'cache hits in Redis before the fault').toBeGreaterThan(0);
    expect(before.connected_clients, 'shop processes connected to Redis').toBeGreaterThan(2);

    traffic.phase = 'during';
    await redis.down();
    await sleep(8000);

    traffic.phase = 'after';
    const restarted = performance.now();
    await redis.up();
    // Recovery without restarting anything: the processes reconnect and fill the new, empty node.
    let back = await redis.info();
    while ((back.keyspace_hits ?? 0) === 0 && performance.now() - restarted < 15_000) {
      await sleep(250);
      back = await redis.info();
    }
    const recoveredMs = performance.now() - restarted;
    await sleep(6000);
    const after = await redis.info();
    await traffic.stop();

    console.log(
      `Redis down for 8 s under ${traffic.answers.length} requests (4 shoppers through the edge); p50/p99 per phase:\n${traffic.table(PHASES)}\n` +
        `Redis before the kill: ${before.total_commands_processed} commands, ${before.keyspace_hits} hits, ${before.connected_clients} clients; ` +
        `the restarted node: first cache hit ${recoveredMs.toFixed(0)} ms after it started; 6 s later ` +
        `${after.total_commands_processed} commands, ${after.keyspace_hits} hits, ${after.keys} keys, ${after.connected_clients} clients`,
    );
    for (const phase of PHASES) {
      for (const route of ['catalog', 'product', 'login', 'cart', 'add to cart', 'checkout'])
        expect(traffic.count(phase, route), `${route} requests ${phase} the outage`).toBeGreaterThan(0);
      expect(
        traffic.unexpected(phase).map((a) => `${a.route} ${a.status}`),
        `answers ${phase} the outage that were not what the route answers when all is well`,
      ).toEqual([]);
    }
    expect(recoveredMs, 'ms until the restarted Redis served a cache hit').toBeLessThan(15_000);
    expect(after.keyspace_hits).toBeGreaterThan(back.keyspace_hits!);
    expect(after.keys).toBeGreaterThan(0);
    expect(after.connected_clients).toBeGreaterThan(2);
  }, 60_000);
});
