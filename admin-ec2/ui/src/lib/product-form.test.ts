import { describe, expect, it } from 'vitest';
import type { Product } from '../api/types';
import { draftOf, emptyDraft, newVariant, productBody, slugify } from './product-form';

describe('product form', () => {
  const filled = () => ({
    ...emptyDraft(),
    name: 'Trail Shoe',
    slug: 'trail-shoe',
    brand: 'Acme',
    categoryId: 'cat_shoes',
    variants: [
      {
        ...newVariant(),
        sku: 'TRAIL-42',
        name: 'Size 42',
        attributes: 'size=42',
        price: '89.90',
        initialStock: '5',
      },
    ],
  });

  it('builds the API body with prices in minor units and initial stock for new variants only', () => {
    const result = productBody(filled());
    expect(result.problems).toBeNull();
    expect(result.body).toMatchObject({
      slug: 'trail-shoe',
      variants: [
        {
          sku: 'TRAIL-42',
          attributes: { size: '42' },
          price: { amount: 8990, currency: 'USD' },
          initialStock: 5,
        },
      ],
    });
    const saved = productBody({
      ...filled(),
      variants: filled().variants.map((v) => ({ ...v, saved: true })),
    });
    expect(saved.body?.variants).toEqual([expect.not.objectContaining({ initialStock: expect.anything() })]);
  });

  it('names every field that is not ready, by the same path the API uses', () => {
    const draft = filled();
    draft.slug = 'Trail Shoe';
    draft.variants.push({ ...draft.variants[0]!, key: 'x', price: '1.999' });
    draft.variants.push({ ...draft.variants[0]!, key: 'y', sku: 'TRAIL.43' });
    draft.images = [{ url: 'https://img/x.jpg', alt: ' ' }];
    expect(productBody(draft).problems).toEqual({
      slug: expect.any(String),
      'variants.1.sku': 'Each SKU once.',
      'variants.1.price': expect.stringContaining('USD'),
      'variants.2.sku': expect.stringContaining('Letters'),
      'images.0.alt': expect.any(String),
    });
  });

  it('round-trips a saved product and makes slugs from names', () => {
    const product: Product = {
      id: 'prd_1',
      slug: 'mug',
      name: 'Mug',
      description: '',
      brand: 'B',
      categoryId: 'c',
      status: 'active',
      images: [],
      variants: [
        {
          sku: 'MUG-1',
          name: 'White',
          attributes: { color: 'white' },
          price: { amount: 1250, currency: 'EUR' },
        },
      ],
    };
    const draft = draftOf({ product: { ...product, status: 'active' }, stock: [{ sku: 'MUG-1', units: 7 }] });
    expect(productBody(draft, true).body).not.toHaveProperty('slug');
    expect(draft.currency).toBe('EUR');
    expect(draft.variants[0]).toMatchObject({
      price: '12.50',
      attributes: 'color=white',
      saved: true,
      units: 7,
    });
    expect(slugify('Crème Brûlée  Set!')).toBe('creme-brulee-set');
  });
});
