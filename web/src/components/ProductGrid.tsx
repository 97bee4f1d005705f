import type { ComponentChildren } from 'preact';
import type { ProductSummary } from '../api/types';
import { Picture, Price, StockBadge } from './bits';

export function ProductCard({ product, name }: { product: ProductSummary; name?: ComponentChildren }) {
  return (
    <li class="card">
      <a class="card-link" href={`/p/${product.slug}`}>
        <Picture image={product.image} size={320} alt="" class="card-image" />
        <span class="card-name">{name ?? product.name}</span>
      </a>
      <p class="card-brand">{product.brand}</p>
      <p class="card-meta">
        <Price value={product.price} />
        <StockBadge availability={product.availability} />
      </p>
    </li>
  );
}

export function SkeletonCards({ count }: { count: number }) {
  return (
    <>
      {Array.from({ length: count }, (_, index) => (
        <li class="card card-skeleton" aria-hidden="true" key={index}>
          <span class="card-image skeleton" />
          <span class="skeleton skeleton-line" />
          <span class="skeleton skeleton-line skeleton-short" />
        </li>
      ))}
    </>
  );
}

export function ProductGrid({
  products,
  loadingCount = 0,
  label,
  featured,
}: {
  products: ProductSummary[];
  loadingCount?: number;
  label?: string;
  /** Two, then four columns: a fixed showcase of 8. */
  featured?: boolean;
}) {
  return (
    <ul class={featured ? 'grid grid-featured' : 'grid'} aria-label={label}>
      {products.map((product) => (
        <ProductCard product={product} key={product.id} />
      ))}
      <SkeletonCards count={loadingCount} />
    </ul>
  );
}
