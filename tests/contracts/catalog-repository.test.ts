import { ElectroDbCatalogRepository } from '../../adapters/dynamodb/catalog.electrodb.adapter.js';
import { startDynalite } from '../support/dynalite.js';
import { catalogRepositoryContract } from './catalog-repository.contract.js';

catalogRepositoryContract('DynamoDB (ElectroDB on dynalite)', async () => {
  const dynamo = await startDynalite();
  return {
    repository: new ElectroDbCatalogRepository(dynamo.client, dynamo.tables.catalog),
    close: dynamo.close,
  };
});
