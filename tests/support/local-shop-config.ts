import { type LocalConfig, readLocalConfig } from '../../local/config.js';
import { freePort } from './free-port.js';

/** Every port a local shop listens on. */
export const PORT_VARIABLES = [
  'PORT',
  'LOCAL_DYNAMODB_PORT',
  'LOCAL_PRODUCT_API_PORT',
  'LOCAL_LAMBDA_PORT',
  'LOCAL_POSTGRES_PORT',
  'LOCAL_PAYMENTS_PORT',
  'LOCAL_ALB_PORT',
  'LOCAL_USERS_PORT',
  'LOCAL_CART_PORT',
  'LOCAL_ORDERS_PORT',
  'LOCAL_SEARCH_PORT',
  'LOCAL_OPENSEARCH_PORT',
  'LOCAL_ADMIN_PORT',
  'LOCAL_IMAGES_PORT',
] as const;

/** A whole local shop on free ports, with its data in `dataDir`, so tests never clash with `npm start`. */
export async function localShopConfig(
  dataDir: string,
  seedProducts: number,
  extra: Record<string, string> = {},
): Promise<LocalConfig> {
  const env: Record<string, string> = {
    SEED_PRODUCTS: String(seedProducts),
    DATA_DIR: dataDir,
    // No demo sales history: tests count the shop's orders (and charges) as their own. A test that wants one says so.
    DEMO_HISTORY_ORDERS: '0',
    ...extra,
  };
  for (const variable of PORT_VARIABLES) env[variable] = String(await freePort());
  return readLocalConfig(env);
}
