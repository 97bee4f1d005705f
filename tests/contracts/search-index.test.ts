import { EmbeddedSearchIndex } from '../../adapters/search/embedded.search-index.js';
import { searchIndexContract } from './search-index.contract.js';

searchIndexContract('embedded (Orama)', async () => new EmbeddedSearchIndex());
