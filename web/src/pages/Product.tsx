import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/http';
import { addToCart, categoriesStore } from '../api/shop';
import type { Product, Variant } from '../api/types';
import { ErrorNotice, Loading, Picture, Price, StockBadge } from '../components/bits';
import { trackShopperEvent } from '../lib/beacon';
import { useHead } from '../lib/head';
import { navigate, restoreScroll, useLocation } from '../lib/router';
import { useStore } from '../lib/store';
import { useApi } from '../lib/use-api';
import { NotFound } from './NotFound';

const variantLabel = (variant: Variant) => Object.values(variant.attributes).join(' / ') || variant.name;

function Gallery({ product }: { product: Product }) {
  const [index, setIndex] = useState(0);
  const images = product.images;
  const shown = images[index] ?? images[0];
  return (
    <div class="gallery">
      <div class="gallery-main">
        <Picture image={shown} size={640} eager class="gallery-image" />
      </div>
      {images.length > 1 && (
        <ul class="gallery-thumbs" aria-label="Product images">
          {images.map((image, i) => (
            <li key={image.url + i}>
              <button
                type="button"
                class="thumb"
                aria-pressed={i === index}
                aria-label={`Show image ${i + 1} of ${images.length}`}
                onClick={() => setIndex(i)}
              >
                <Picture image={image} size={96} alt="" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function BuyBox({ product }: { product: Product }) {
  const location = useLocation();
  const fromUrl = product.variants.find((v) => v.sku === location.query.get('sku'));
  const firstAvailable = product.variants.find((v) => v.availability.status !== 'sold_out');
  const [sku, setSku] = useState(fromUrl?.sku ?? firstAvailable?.sku ?? product.variants[0]?.sku ?? '');
  const [quantity, setQuantity] = useState(1);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const variant = product.variants.find((v) => v.sku === sku) ?? product.variants[0];
  if (!variant) return <p>This product cannot be bought right now.</p>;

  const soldOut = variant.availability.status === 'sold_out';
  const max = Math.max(1, Math.min(99, variant.availability.count));
  const names = [...new Set(product.variants.flatMap((v) => Object.keys(v.attributes)))];
  const legend = names.map((name) => name.charAt(0).toUpperCase() + name.slice(1)).join(' / ') || 'Option';

  const choose = (next: Variant) => {
    setSku(next.sku);
    setQuantity(1);
    setAdded(null);
    setError(null);
    navigate(`/p/${product.slug}?sku=${encodeURIComponent(next.sku)}`, { replace: true, keepScroll: true });
  };

  const add = async (event: Event) => {
    event.preventDefault();
    if (soldOut || adding) return;
    setAdding(true);
    setError(null);
    setAdded(null);
    try {
      await addToCart(variant.sku, Math.min(quantity, max));
      trackShopperEvent('add_to_cart', product.id);
      setAdded(`Added ${quantity} × ${variant.name} to your cart.`);
    } catch (caught) {
      setError(caught as ApiError);
    } finally {
      setAdding(false);
    }
  };

  return (
    <form class="buy-box" onSubmit={add}>
      <p class="buy-price">
        <Price value={variant.price} class="price price-large" />
      </p>
      {product.variants.length > 1 && (
        <fieldset class="variants">
          <legend>{legend}</legend>
          <div class="variant-options">
            {product.variants.map((v) => {
              const out = v.availability.status === 'sold_out';
              return (
                <label
                  key={v.sku}
                  class={`variant${v.sku === variant.sku ? ' selected' : ''}${out ? ' sold-out' : ''}`}
                >
                  <input
                    type="radio"
                    name="variant"
                    value={v.sku}
                    checked={v.sku === variant.sku}
                    onChange={() => choose(v)}
                  />
                  <span>{variantLabel(v)}</span>
                  {out && <span class="visually-hidden"> (sold out)</span>}
                </label>
              );
            })}
          </div>
        </fieldset>
      )}
      <p class="buy-stock">
        <StockBadge availability={variant.availability} />
      </p>
      {!soldOut && (
        <div class="field field-inline">
          <label for="quantity">Quantity</label>
          <input
            id="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={max}
            value={quantity}
            onInput={(event) => {
              const n = Number.parseInt(event.currentTarget.value, 10);
              if (Number.isInteger(n)) setQuantity(Math.min(Math.max(n, 1), max));
            }}
          />
        </div>
      )}
      <button type="submit" class="button button-primary button-wide" disabled={soldOut || adding}>
        {soldOut ? 'Sold out' : adding ? 'Adding…' : 'Add to cart'}
      </button>
      <div class="buy-feedback" aria-live="polite">
        {added && (
          <p class="notice notice-success">
            {added} <a href="/cart">View cart</a>
          </p>
        )}
      </div>
      {error && <ErrorNotice error={error} onRetry={() => add(new Event('submit'))} />}
    </form>
  );
}

export function ProductPage({ slug }: { slug: string }) {
  const { data: product, error, reload } = useApi<Product>(`/api/products/${encodeURIComponent(slug)}`);
  const categories = useStore(categoriesStore);
  const category = product && categories?.find((c) => c.id === product.categoryId);
  useHead(product?.name ?? 'Product', product?.description);
  useEffect(() => {
    if (product) restoreScroll();
  }, [product]);
  const viewed = product?.id;
  useEffect(() => {
    if (viewed) trackShopperEvent('product_view', viewed);
  }, [viewed]);

  if (error instanceof ApiError && error.isNotFound('path.idOrSlug')) return <NotFound what="product" />;
  if (!product) {
    return (
      <>
        {error ? <ErrorNotice error={error} onRetry={reload} /> : <Loading label="Loading the product…" />}
        <div class="product" aria-hidden="true">
          <div class="gallery">
            <div class="gallery-main skeleton" />
          </div>
          <div class="product-info">
            <span class="skeleton skeleton-title" />
            <span class="skeleton skeleton-line" />
            <span class="skeleton skeleton-line skeleton-short" />
          </div>
        </div>
      </>
    );
  }

  return (
    <>
      <nav class="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <a href="/">Home</a>
          </li>
          {category && (
            <li>
              <a href={`/c/${category.slug}`}>{category.name}</a>
            </li>
          )}
          <li>
            <a href={`/p/${product.slug}`} aria-current="page">
              {product.name}
            </a>
          </li>
        </ol>
      </nav>
      <article class="product">
        <Gallery product={product} />
        <div class="product-info">
          <p class="product-brand">{product.brand}</p>
          <h1>{product.name}</h1>
          <BuyBox product={product} key={product.id} />
          <h2>About this product</h2>
          <p>{product.description}</p>
          {Object.keys(product.attributes).length > 0 && (
            <dl class="specs">
              {Object.entries(product.attributes).map(([name, value]) => (
                <div key={name}>
                  <dt>{name.charAt(0).toUpperCase() + name.slice(1)}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      </article>
    </>
  );
}
