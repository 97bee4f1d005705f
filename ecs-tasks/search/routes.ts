import type { DynamoDBRecord } from 'aws-lambda';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { indexCatalogStream } from '../../adapters/dynamodb/catalog-stream.js';
import { searchQuery, suggestQuery } from '../../adapters/http/contract/search.schemas.js';
import { parseInput as parse } from '../../adapters/http/problem.js';
import type { SearchHit } from '../../domain/search/search.js';
import { MAX_SUGGESTIONS } from '../../domain/search/search.js';
import { invalid } from '../../domain/shared/errors.js';
import type { SearchContainer } from './container.js';
import { ReindexJob } from './reindex-job.js';

/** The shape of a Lambda DynamoDB stream event; each record is read (and judged) by the indexer itself. */
const streamBatch = z.object({
  Records: z.array(z.looseObject({ eventName: z.string() })).check(z.maxLength(1000)),
});

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function attributeFilters(value: string | undefined): Record<string, string[]> | undefined {
  if (!value) return undefined;
  const filters: Record<string, string[]> = {};
  for (const pair of value.split(',')) {
    const [name, ...rest] = pair.split(':');
    filters[name!] = [...(filters[name!] ?? []), rest.join(':').trim()];
  }
  return filters;
}

/** A result card: what the storefront shows, plus where the query matched. */
const toItem = ({ document, highlights }: SearchHit) => ({
  id: document.id,
  slug: document.slug,
  name: document.name,
  brand: document.brand,
  categoryId: document.categoryId,
  categoryName: document.categoryName,
  image: document.image,
  price: document.price,
  availability: document.availability,
  highlights,
});

/**
 * GET /api/search and /api/search/suggest; a full reindex with progress for the admin (/internal/reindex: no ALB rule
 * reaches it, only the VPC); in the local and ci stages also the catalog stream the local stack sends.
 */
export function searchRoutes(
  container: SearchContainer,
  options: { internal: boolean } = { internal: false },
) {
  const reindex = new ReindexJob(container);
  return (app: FastifyInstance) => {
    app.post('/internal/reindex', async (_request, reply) => {
      const started = await reindex.start();
      return reply.status(started ? 202 : 409).send(reindex.status());
    });
    app.get('/internal/reindex', async () => reindex.status());
    if (options.internal) {
      // What the indexer Lambda does on AWS, for the local stack's catalog stream: the same handler code.
      // Stream batches are larger than any shopper's request (up to 1,000 product images).
      app.post('/internal/catalog-stream', { bodyLimit: 8 * 1024 * 1024 }, async (request) => {
        const { Records } = parse(streamBatch, request.body, 'body');
        return indexCatalogStream(Records as DynamoDBRecord[], {
          index: container.index,
          catalog: container.lookups,
          log: container.logger,
        });
      });
    }
    app.get('/api/search', async (request) => {
      const query = parse(searchQuery, request.query, 'query');
      if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
        throw invalid('SEARCH.PRICE_RANGE', 'minPrice is above maxPrice: swap them', [
          { path: 'query.minPrice', message: 'must not be above maxPrice' },
        ]);
      }
      const category = query.category ? await container.catalog.resolveCategory(query.category) : undefined;
      const result = await container.index.search({
        text: query.q.trim(),
        categoryId: category?.id,
        brands: list(query.brand),
        minPrice: query.minPrice,
        maxPrice: query.maxPrice,
        inStock: query.inStock === undefined ? undefined : query.inStock === 'true',
        attributes: attributeFilters(query.attr),
        sort: query.sort,
        page: query.page,
        limit: query.limit,
      });
      return {
        items: result.items.map(toItem),
        total: result.total,
        page: query.page,
        limit: query.limit,
        facets: result.facets,
      };
    });

    app.get('/api/search/suggest', async (request) => {
      const { q } = parse(suggestQuery, request.query, 'query');
      return { items: await container.index.suggest(q.trim(), MAX_SUGGESTIONS) };
    });
  };
}
