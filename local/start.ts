import { ConfigError } from '../adapters/config/load-config.js';
import { redactCredentials } from '../adapters/config/redact.js';
import { totpCode } from '../domain/admin/totp.js';
import { readLocalConfig } from './config.js';
import { DEMO_USERS } from './services.js';
import { startLocalShop } from './shop.js';

/** `npm start`: the whole shop on this machine, no Docker and no cloud account. */
async function main() {
  // We run on Node 20 deliberately (the Lambda runtime we deploy); the SDK's upgrade notice is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (process.argv.includes('--opensearch')) process.env.SEARCH_ENGINE = 'opensearch';
  const config = readLocalConfig();
  const started = performance.now();
  console.log('\n  Starting the shop locally (stage "local")\n');
  const shop = await startLocalShop({ config });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const rows = [
    ['Storefront + API (edge)', shop.urls.edge],
    [
      'Admin dashboard (EC2)',
      `${shop.urls.admin}  ${config.DATABASE_URL && config.REPLICA_DATABASE_URL ? 'analytics read the replica' : 'analytics read the primary (set DATABASE_URL and REPLICA_DATABASE_URL for a replica)'}`,
    ],
    ['Product API (Lambda)', `${shop.urls.productApi}  serverless-offline`],
    ['Services (ECS) via ALB', `${shop.urls.alb}  users, cart, orders, search`],
    [
      'Search engine',
      config.SEARCH_ENGINE === 'opensearch'
        ? `OpenSearch at ${redactCredentials(shop.urls.openSearch ?? '')}`
        : 'in-process (npm start -- --opensearch for a real OpenSearch node)',
    ],
    config.DATABASE_URL
      ? ['PostgreSQL (server)', redactCredentials(config.DATABASE_URL)]
      : ['PostgreSQL (PGlite)', `${shop.urls.postgres}  data in ${config.DATA_DIR}/postgres`],
    ['DynamoDB (dynalite)', `${shop.urls.dynamodb}  data in ${config.DATA_DIR}/dynamodb`],
    [
      'Cache',
      config.REDIS_URL
        ? `Redis at ${redactCredentials(config.REDIS_URL)}`
        : 'in-process LRU (set REDIS_URL for Redis)',
    ],
    [
      'Logs',
      `s3://${shop.urls.logs.bucket} at ${shop.urls.logs.endpoint} (as on AWS) and ${config.DATA_DIR}/logs/`,
    ],
  ];
  console.log(`\n  Shop is up in ${seconds}s\n`);
  for (const [what, where] of rows) console.log(`  ${what!.padEnd(26)} ${where}`);
  console.log('\n  Demo logins:');
  for (const user of DEMO_USERS) console.log(`    ${user.email} / ${user.password}`);
  console.log(
    `\n  Admin logins at ${shop.urls.admin} (password, then the 6-digit code; npm run admin:code prints the current codes):`,
  );
  for (const admin of shop.admin.admins)
    console.log(
      `    ${admin.email.padEnd(26)} / ${admin.password.padEnd(18)} ${admin.role.padEnd(16)} code now: ${totpCode(admin.totpSecret, Date.now())}`,
    );
  console.log(`
  Try:
    curl '${shop.urls.edge}/api/products?limit=5'
    curl '${shop.urls.edge}/api/categories'
    curl '${shop.urls.edge}/api/search?q=hedphones'
    curl '${shop.urls.edge}/api/search/suggest?q=hea'
    open ${shop.urls.edge}/api/openapi.json
    curl -c jar -H 'content-type: application/json' -d '{"email":"${DEMO_USERS[0]!.email}","password":"${DEMO_USERS[0]!.password}"}' ${shop.urls.edge}/api/auth/login
    npm run logs -- --request-id <the x-request-id of any answer>   (every service's lines for it)

  Ctrl-C stops everything; the next start reuses the data (delete ${config.DATA_DIR}/ to start afresh).
`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n  ${signal}: stopping...`);
    await shop.stop();
    console.log('  Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // Children run in their own process groups: never leave them behind when this process dies of a bug.
  process.on('uncaughtException', (error) => {
    console.error('\n  The local shop crashed:', error);
    void shop.stop().finally(() => process.exit(1));
  });
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: Error) => {
  console.error(
    `\n  The shop could not start.\n  ${error instanceof ConfigError ? error.message : error.message}\n`,
  );
  process.exit(1);
});
