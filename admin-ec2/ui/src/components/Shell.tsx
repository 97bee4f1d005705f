import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { navigate, useLocation } from '../../../../web/src/lib/router';
import { useStore } from '../../../../web/src/lib/store';
import { navFor } from '../lib/nav';
import { logout, meStore } from '../lib/session';
import { SCREENS, type ScreenName } from '../screens';

const ROLE_NAMES: Record<string, string> = {
  owner: 'Owner',
  catalog_manager: 'Catalog manager',
  support: 'Support',
};

function isCurrent(screen: ScreenName, path: string) {
  const base = SCREENS[screen].path.replace(/\/$/, '');
  if (screen === 'dashboard') return path === '/admin' || path === '/admin/';
  return path === base || path.startsWith(`${base}/`);
}

export function Shell({ children }: { children: ComponentChildren }) {
  const me = useStore(meStore);
  const location = useLocation();
  const [busy, setBusy] = useState(false);
  const onLogout = async () => {
    setBusy(true);
    try {
      await logout();
    } catch {
      // The session may be gone already: the login screen is the right place either way.
    } finally {
      setBusy(false);
      navigate(SCREENS.login.path, { replace: true });
    }
  };
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="admin-header">
        <a class="logo" href="/admin/">
          <span aria-hidden="true" class="logo-mark" />
          Shop admin
        </a>
        <nav aria-label="Admin sections" class="admin-nav">
          <ul>
            {navFor(me).map((item) => (
              <li key={item.screen}>
                <a
                  href={SCREENS[item.screen].path}
                  aria-current={isCurrent(item.screen, location.path) ? 'page' : undefined}
                >
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {me && (
          <div class="who">
            <span>
              {me.admin.name} <span class="muted">({ROLE_NAMES[me.admin.role] ?? me.admin.role})</span>
            </span>
            <button type="button" class="link-button" onClick={onLogout} disabled={busy}>
              Log out
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** Shown instead of a screen the role may not open (a deep link shared by an owner, say). */
export function Forbidden() {
  return (
    <section class="empty-state">
      <h1>Your role cannot do this</h1>
      <p>This screen needs a permission your role does not have. Ask an owner if you need it.</p>
    </section>
  );
}

export function NotFound() {
  return (
    <section class="empty-state">
      <h1>There is no such admin screen</h1>
      <p>
        Check the address, or go back to the <a href="/admin/">dashboard</a>.
      </p>
    </section>
  );
}
