import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { currentHref, matchRoute, navigate, useLocation } from '../../../web/src/lib/router';
import { useStore } from '../../../web/src/lib/store';
import { Loading } from './components/bits';
import { Forbidden, NotFound, Shell } from './components/Shell';
import { navFor } from './lib/nav';
import { allowed, meStore } from './lib/session';
import { AuditPage } from './pages/Audit';
import { CategoriesPage } from './pages/Categories';
import { CustomerPage, CustomersPage } from './pages/Customers';
import { Dashboard } from './pages/Dashboard';
import { HealthPage } from './pages/Health';
import { LoginPage } from './pages/Login';
import { OrderPage } from './pages/OrderDetail';
import { OrdersPage } from './pages/Orders';
import { ProductEditPage } from './pages/ProductEdit';
import { ProductsPage } from './pages/Products';
import { SCREENS, type ScreenName } from './screens';

type Params = Record<string, string>;
/** In match order: `/admin/products/new` before `/admin/products/:id`. */
const PAGES: [ScreenName, (params: Params) => ComponentChildren][] = [
  ['dashboard', () => <Dashboard />],
  ['products', () => <ProductsPage />],
  ['newProduct', () => <ProductEditPage id={null} />],
  ['product', ({ id }) => <ProductEditPage id={id!} />],
  ['categories', () => <CategoriesPage />],
  ['orders', () => <OrdersPage />],
  ['order', ({ id }) => <OrderPage id={id!} />],
  ['customers', () => <CustomersPage />],
  ['customer', ({ id }) => <CustomerPage id={id!} />],
  ['audit', () => <AuditPage />],
  ['health', () => <HealthPage />],
];

function findScreen(path: string): { screen: ScreenName; render: () => ComponentChildren } | null {
  for (const [screen, render] of PAGES) {
    const params = matchRoute(SCREENS[screen].path, path);
    if (params) return { screen, render: () => render(params) };
  }
  return null;
}

export function App() {
  const location = useLocation();
  const me = useStore(meStore);
  const isLogin = matchRoute(SCREENS.login.path, location.path) !== null;
  const found = isLogin ? null : findScreen(location.path);
  const home = navFor(me)[0];

  useEffect(() => {
    if (me === null && !isLogin)
      navigate(`${SCREENS.login.path}?next=${encodeURIComponent(currentHref())}`, { replace: true });
    // The dashboard is the home screen; a role without analytics lands on its first screen instead.
    if (me && found?.screen === 'dashboard' && !allowed(me, SCREENS.dashboard.permission) && home)
      navigate(SCREENS[home.screen].path, { replace: true });
  }, [me, location.path]);

  if (isLogin) return <LoginPage />;
  if (!me) return <Loading label="Checking your session…" />;
  let page: ComponentChildren;
  if (!found) page = <NotFound />;
  else if (!allowed(me, SCREENS[found.screen].permission)) page = <Forbidden />;
  else page = <div key={location.path}>{found.render()}</div>;
  return <Shell>{page}</Shell>;
}
