/** Shown at / until the storefront SPA is built into web/dist. Unstyled: the CSP refuses inline styles. */
export const placeholderPage = () => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop (local)</title>
</head>
<body><h1>Shop is running locally</h1>
<p>The storefront is not built yet. The public API answers here:</p>
<ul>
<li><a href="/api/products?limit=5">/api/products?limit=5</a> - a page of products</li>
<li><a href="/api/products?sort=price_asc&amp;limit=5">/api/products?sort=price_asc&amp;limit=5</a></li>
<li><a href="/api/categories">/api/categories</a></li>
<li><a href="/api/openapi.json">/api/openapi.json</a> - the API description</li>
</ul></body></html>`;
