import { categoriesStore } from '../api/shop';
import type { ProductPage } from '../api/types';
import { ErrorNotice } from '../components/bits';
import { ProductGrid } from '../components/ProductGrid';
import { useHead } from '../lib/head';
import { useStore } from '../lib/store';
import { useApi } from '../lib/use-api';

const FEATURED = 8;

export function Home() {
  useHead('Shop: everyday gear, well made', 'Shoes, jackets, headphones, coffee, camping gear and more.');
  const categories = useStore(categoriesStore);
  const popular = useApi<ProductPage>(`/api/products?sort=popularity&limit=${FEATURED}`);
  const fresh = useApi<ProductPage>(`/api/products?sort=newest&limit=${FEATURED}`);

  return (
    <>
      <section class="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">Everyday gear, well made</h1>
        <p>24 departments, 2,400 products, one cart. Free standard shipping on larger orders.</p>
      </section>

      <section aria-labelledby="categories-title">
        <h2 id="categories-title">Shop by category</h2>
        <ul class="category-grid">
          {categories
            ? categories.map((category) => (
                <li key={category.id}>
                  <a class="category-tile" href={`/c/${category.slug}`}>
                    <img
                      src={`/assets/demo/${category.slug}-1.svg`}
                      alt=""
                      width={160}
                      height={160}
                      loading="lazy"
                      decoding="async"
                    />
                    <span>{category.name}</span>
                  </a>
                </li>
              ))
            : Array.from({ length: 24 }, (_, index) => (
                <li key={index} aria-hidden="true">
                  <span class="category-tile">
                    <span class="skeleton category-skeleton" />
                    <span class="skeleton skeleton-line" />
                  </span>
                </li>
              ))}
        </ul>
      </section>

      <section aria-labelledby="popular-title">
        <h2 id="popular-title">Popular right now</h2>
        {popular.error && !popular.data ? (
          <ErrorNotice error={popular.error} onRetry={popular.reload} />
        ) : (
          <ProductGrid
            featured
            products={popular.data?.items ?? []}
            loadingCount={popular.data ? 0 : FEATURED}
          />
        )}
      </section>

      <section aria-labelledby="new-title">
        <h2 id="new-title">New arrivals</h2>
        {fresh.error && !fresh.data ? (
          <ErrorNotice error={fresh.error} onRetry={fresh.reload} />
        ) : (
          <ProductGrid featured products={fresh.data?.items ?? []} loadingCount={fresh.data ? 0 : FEATURED} />
        )}
      </section>
    </>
  );
}
