import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ElectroDbCatalogRepository } from '../adapters/dynamodb/catalog.electrodb.adapter.js';
import { createDynamoDbClient } from '../adapters/dynamodb/dynamodb-client.js';
import { ensureTables, tableDefinitions } from '../adapters/dynamodb/table-definitions.js';
import { createS3Client } from '../adapters/s3/s3-client.js';
import { startAdmin } from './admin.js';
import { LOCAL_LOG_BUCKET, type LocalConfig } from './config.js';
import { createDynalite as dynalite } from './dynalite.js';
import { startEdge } from './edge/edge-server.js';
import { ADMIN_UI_BUILD, buildSpaIfChanged, buildStorefrontIfChanged } from './edge/storefront-build.js';
import { startImagesBucket } from './images-bucket.js';
import { startLogCollector } from './log-collector.js';
import { startOpenSearch } from './opensearch.js';
import { closeServer, listenOn, type RunningProcess, waitForHttp } from './processes.js';
import { seedCatalog } from './seed/seed-catalog.js';
import { startServerlessOffline } from './serverless-offline.js';
import { startServices } from './services.js';
import { checkThroughEdge, warmProductApi } from './warm-up.js';

export const LOCAL_STAGE = 'local';
/** The names serverless.yml gives the tables for the `local` stage. */
export const LOCAL_TABLES = { catalog: `shop-${LOCAL_STAGE}-catalog`, carts: `shop-${LOCAL_STAGE}-carts` };
const ROOT = resolve(new URL('..', import.meta.url).pathname);
const SEED_VERSION = 3;

export interface LocalShop {
  urls: {
    edge: string;
    productApi: string;
    dynamodb: string;
    alb: string;
    postgres: string;
    search: string;
    admin: string;
    /** Set when the search service uses OpenSearch. */
    openSearch?: string;
    /** Where every process's log lines land (s3rver): what `npm run logs` reads. */
    logs: { bucket: string; endpoint: string };
  };
  /** The origin header value the edge adds for the ALB (tests that call the ALB directly need it). */
  originSecret: string;
  services: Awaited<ReturnType<typeof startServices>>;
  /** The serverless-offline process that serves the Lambda functions. */
  productApi: RunningProcess;
  admin: Awaited<ReturnType<typeof startAdmin>>;
  dataDir: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: LocalConfig;
  log?: (line: string) => void;
  quiet?: boolean;
}

/** Brings up the whole local shop: dynalite, tables, demo data, the Lambda functions and the edge. */
export async function startLocalShop({
  config,
  log = console.log,
  quiet = false,
}: StartOptions): Promise<LocalShop> {
  const dataDir = resolve(ROOT, config.DATA_DIR);
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => {});
  };

  // Like the stack's OriginVerifySecret: only the edge knows it, so nothing reaches the ALB around it.
  const originSecret = randomBytes(24).toString('hex');
  try {
    // web/ into web/dist when its sources changed; a failed build is reported and the API starts regardless.
    await buildStorefrontIfChanged({
      root: ROOT,
      logFile: join(dataDir, 'logs', 'web-build.log'),
      log,
      quiet,
    });
    await buildSpaIfChanged(ADMIN_UI_BUILD, {
      root: ROOT,
      logFile: join(dataDir, 'logs', 'admin-ui-build.log'),
      log,
      quiet,
    });

    // Product images and the log bucket (s3rver). First, so that every process's lines reach the log bucket.
    const images = await startImagesBucket({
      port: config.LOCAL_IMAGES_PORT,
      directory: join(dataDir, 'images'),
      logBucket: LOCAL_LOG_BUCKET,
    });
    stops.push(images.stop);
    const logs = startLogCollector({
      s3: createS3Client({ region: 'us-east-1', endpoint: images.env.S3_ENDPOINT }),
      bucket: LOCAL_LOG_BUCKET,
      warn: (message) => log(`  Logs: ${message}`),
    });
    stops.push(logs.close);

    const dynamoServer = dynalite({ path: join(dataDir, 'dynamodb'), createTableMs: 0 });
    await listenOn(dynamoServer, config.LOCAL_DYNAMODB_PORT);
    stops.push(() => closeServer(dynamoServer));
    const dynamoEndpoint = `http://127.0.0.1:${config.LOCAL_DYNAMODB_PORT}`;
    const client = createDynamoDbClient({
      region: 'us-east-1',
      endpoint: dynamoEndpoint,
      requestTimeoutMs: 10_000,
    });
    stops.push(async () => client.destroy());
    await ensureTables(
      client,
      tableDefinitions({ CatalogTable: LOCAL_TABLES.catalog, CartsTable: LOCAL_TABLES.carts }),
    );

    const marker = join(dataDir, 'catalog-seed.json');
    const seeded = existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8'));
    if (seeded?.version === SEED_VERSION && seeded.products === config.SEED_PRODUCTS) {
      if (!quiet) log(`  Catalog: reusing ${config.SEED_PRODUCTS} products in ${config.DATA_DIR}/dynamodb`);
    } else {
      const repository = new ElectroDbCatalogRepository(client, LOCAL_TABLES.catalog);
      await seedCatalog(repository, config.SEED_PRODUCTS, quiet);
      writeFileSync(marker, JSON.stringify({ version: SEED_VERSION, products: config.SEED_PRODUCTS }));
    }

    const productApi = startProductApi(config, dynamoEndpoint, dataDir, logs.sink('product-api'));
    stops.push(productApi.stop);
    const productApiUrl = `http://127.0.0.1:${config.LOCAL_PRODUCT_API_PORT}`;
    if (!quiet) log('  Starting the product API (serverless-offline)...');
    await waitForHttp(`${productApiUrl}/api/categories`, 120_000, productApi.child)
      .then(() => warmProductApi(productApiUrl, productApi.child))
      .catch((error: Error) => {
        throw new Error(
          `the product API did not start: ${error.message}. See ${config.DATA_DIR}/logs/product-api.log`,
        );
      });

    if (!quiet)
      log('  Starting PostgreSQL (PGlite), payments simulator, users/cart/orders services and the ALB...');
    const servicePorts = {
      users: config.LOCAL_USERS_PORT,
      cart: config.LOCAL_CART_PORT,
      orders: config.LOCAL_ORDERS_PORT,
      search: config.LOCAL_SEARCH_PORT,
    };
    const openSearchUrl = await startSearchEngine(config, dataDir, quiet, log, stops);
    const services = await startServices({
      openSearchUrl,
      dataDir,
      ports: {
        postgres: config.LOCAL_POSTGRES_PORT,
        payments: config.LOCAL_PAYMENTS_PORT,
        alb: config.LOCAL_ALB_PORT,
        ...servicePorts,
      },
      dynamoEndpoint,
      tables: LOCAL_TABLES,
      redisUrl: config.REDIS_URL,
      databaseUrl: config.DATABASE_URL,
      seedProducts: config.SEED_PRODUCTS,
      originSecret,
      quiet,
      log,
      logSink: logs.sink,
    });
    stops.push(services.stop);
    const edgeUrl = `http://localhost:${config.PORT}`;

    if (!quiet) log('  Starting the admin dashboard...');
    const serviceUrl = (name: keyof typeof servicePorts) => `http://127.0.0.1:${servicePorts[name]}`;
    const admin = await startAdmin({
      port: config.LOCAL_ADMIN_PORT,
      dataDir,
      databaseUrl: services.databaseUrl,
      replicaDatabaseUrl: config.DATABASE_URL ? config.REPLICA_DATABASE_URL : undefined,
      demoHistoryOrders: config.DEMO_HISTORY_ORDERS,
      seedProducts: config.SEED_PRODUCTS,
      env: {
        ...services.serviceEnv,
        ...images.env,
        IMAGES_PUBLIC_URL: edgeUrl,
        SEARCH_SERVICE_URL: serviceUrl('search'),
        SERVICE_URLS: [
          // The product API (Lambda) has no /ready: its cheapest real answer stands in.
          `products=${productApiUrl}/api/categories`,
          ...Object.keys(servicePorts).map(
            (name) => `${name}=${serviceUrl(name as keyof typeof servicePorts)}`,
          ),
        ].join(','),
      },
      quiet,
      log,
      onLogLine: logs.sink('admin'),
    });
    stops.push(admin.stop);

    const edge = await startEdge(config.PORT, '127.0.0.1', {
      ProductApi: { kind: 'http', url: productApiUrl },
      ServicesAlb: { kind: 'http', url: services.albUrl, headers: { 'x-origin-verify': originSecret } },
      SiteBucket: { kind: 'static', dir: join(ROOT, 'web', 'dist') },
      ImagesBucket: { kind: 'http', url: images.env.S3_ENDPOINT, originPath: `/${images.env.IMAGES_BUCKET}` },
    }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE'
        ? new Error(`port ${config.PORT} is in use: set PORT to another port`)
        : error;
    });
    stops.push(() => closeServer(edge));
    await checkThroughEdge(`http://127.0.0.1:${config.PORT}`).catch((error: Error) => {
      throw new Error(
        `the shop does not answer through the edge yet: ${error.message}. See ${config.DATA_DIR}/logs/`,
      );
    });

    return {
      urls: {
        edge: edgeUrl,
        productApi: productApiUrl,
        dynamodb: dynamoEndpoint,
        search: `http://127.0.0.1:${config.LOCAL_SEARCH_PORT}`,
        admin: admin.url,
        openSearch: openSearchUrl,
        alb: services.albUrl,
        postgres: services.databaseUrl,
        logs: { bucket: LOCAL_LOG_BUCKET, endpoint: images.env.S3_ENDPOINT },
      },
      services,
      productApi,
      admin,
      originSecret,
      dataDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The search engine the search service uses: none to start for the embedded one; else a node (ours, or given). */
async function startSearchEngine(
  config: LocalConfig,
  dataDir: string,
  quiet: boolean,
  log: (line: string) => void,
  stops: (() => Promise<void>)[],
): Promise<string | undefined> {
  if (config.SEARCH_ENGINE !== 'opensearch') return undefined;
  if (config.OPENSEARCH_URL) return config.OPENSEARCH_URL;
  if (!quiet)
    log('  Starting OpenSearch (a real node from Maven Central jars; the first start builds it)...');
  const node = await startOpenSearch({
    port: config.LOCAL_OPENSEARCH_PORT,
    dataDir: join(dataDir, 'opensearch'),
    logFile: join(dataDir, 'logs', 'opensearch.log'),
  });
  stops.push(node.stop);
  return node.url;
}

function startProductApi(
  config: LocalConfig,
  dynamoEndpoint: string,
  dataDir: string,
  onLine: (line: string) => void,
): RunningProcess {
  return startServerlessOffline({
    httpPort: config.LOCAL_PRODUCT_API_PORT,
    lambdaPort: config.LOCAL_LAMBDA_PORT,
    env: {
      DYNAMODB_ENDPOINT: dynamoEndpoint,
      REDIS_URL: config.REDIS_URL ?? '',
      SLS_TELEMETRY_DISABLED: '1',
    },
    logFile: join(dataDir, 'logs', 'product-api.log'),
    onLine,
  });
}
