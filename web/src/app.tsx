import type { ComponentChildren } from 'preact';
import { Layout } from './components/Layout';
import { matchRoute, useLocation } from './lib/router';
import { LoginPage, RegisterPage } from './pages/Auth';
import { CartPage } from './pages/Cart';
import { CategoryPage } from './pages/Category';
import { CheckoutPage } from './pages/Checkout';
import { Home } from './pages/Home';
import { NotFound } from './pages/NotFound';
import { OrderPage, OrdersPage } from './pages/Orders';
import { ProductPage } from './pages/Product';
import { SearchPage } from './pages/Search';

type Params = Record<string, string>;
/** Every page has a clean, deep-linkable path; the edge answers any path without a dot with index.html. */
const ROUTES: [string, (params: Params) => ComponentChildren][] = [
  ['/', () => <Home />],
  ['/c/:slug', ({ slug }) => <CategoryPage slug={slug!} />],
  ['/search', () => <SearchPage />],
  ['/p/:slug', ({ slug }) => <ProductPage slug={slug!} />],
  ['/cart', () => <CartPage />],
  ['/login', () => <LoginPage />],
  ['/register', () => <RegisterPage />],
  ['/checkout', () => <CheckoutPage />],
  ['/orders', () => <OrdersPage />],
  ['/orders/:id', ({ id }) => <OrderPage id={id!} />],
];

export function App() {
  const location = useLocation();
  let page: ComponentChildren = null;
  for (const [pattern, render] of ROUTES) {
    const params = matchRoute(pattern, location.path);
    if (params) {
      page = <div key={location.path}>{render(params)}</div>;
      break;
    }
  }
  return <Layout>{page ?? <NotFound />}</Layout>;
}
