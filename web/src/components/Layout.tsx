import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { cartStore, categoriesStore, logout, userStore } from '../api/shop';
import { navigate, useLocation } from '../lib/router';
import { useStore } from '../lib/store';
import { SearchBox } from './SearchBox';

function AccountLinks() {
  const user = useStore(userStore);
  const cart = useStore(cartStore);
  const [busy, setBusy] = useState(false);
  const count = cart?.itemCount ?? 0;
  const onLogout = async () => {
    setBusy(true);
    try {
      await logout();
      navigate('/');
    } catch {
      // The session may already be gone; the header still shows who the server says is signed in.
    } finally {
      setBusy(false);
    }
  };
  return (
    <nav class="account" aria-label="Account">
      <ul>
        {user ? (
          <>
            <li>
              <a href="/orders">Orders</a>
            </li>
            <li>
              <button type="button" class="link-button" onClick={onLogout} disabled={busy}>
                Log out
              </button>
            </li>
          </>
        ) : (
          <li>
            {/* Reserved while /api/me answers, so the header does not jump. */}
            <a href="/login" class={user === undefined ? 'pending' : undefined}>
              Log in
            </a>
          </li>
        )}
        <li>
          <a href="/cart" class="cart-link" aria-label={`Cart, ${count} ${count === 1 ? 'item' : 'items'}`}>
            Cart <span class="cart-count">{count}</span>
          </a>
        </li>
      </ul>
    </nav>
  );
}

function CategoryNav() {
  const categories = useStore(categoriesStore);
  const location = useLocation();
  return (
    <nav class="category-nav" aria-label="Categories">
      <ul>
        {(categories ?? []).map((category) => {
          const here = location.path === `/c/${category.slug}`;
          return (
            <li key={category.id}>
              <a href={`/c/${category.slug}`} aria-current={here ? 'page' : undefined}>
                {category.name}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function Layout({ children }: { children: ComponentChildren }) {
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <div class="header-inner">
          <a class="logo" href="/">
            <span aria-hidden="true" class="logo-mark" />
            Shop
          </a>
          <SearchBox />
          <AccountLinks />
        </div>
        <CategoryNav />
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer class="site-footer">
        <p>
          Shop is an open-source demo store. Prices in US dollars; nothing here is really for sale. Demo
          login: demo@shop.local / demo-password-1.
        </p>
      </footer>
    </>
  );
}
