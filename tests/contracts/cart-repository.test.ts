import { ElectroDbCartRepository } from '../../adapters/dynamodb/carts.electrodb.adapter.js';
import { startDynalite } from '../support/dynalite.js';
import { cartRepositoryContract } from './cart-repository.contract.js';

cartRepositoryContract('DynamoDB (ElectroDB on dynalite)', async () => {
  const dynamo = await startDynalite();
  return { repository: new ElectroDbCartRepository(dynamo.client, dynamo.tables.carts), close: dynamo.close };
});
