import { useEffect, useState } from 'preact/hooks';
import { navigate, safeNext, useLocation } from '../../../../web/src/lib/router';
import { useStore } from '../../../../web/src/lib/store';
import { ApiError, adminApi, LOGIN_PATH } from '../api/admin-api';
import { ErrorNotice, Field } from '../components/bits';
import { flashStore, loadMe, meStore } from '../lib/session';
import { useTitle } from '../lib/title';

/** Only admin screens are followed after login, never a storefront path or another site. */
const nextScreen = (next: string | null) => {
  const target = safeNext(next, '/admin/');
  return target.startsWith('/admin/') && !target.startsWith('/admin/login') ? target : '/admin/';
};

function loginProblem(error: ApiError): string | ApiError {
  if (error.status === 401) return 'The email, password or code is wrong. Check them and try again.';
  if (error.status === 429)
    return `Too many attempts. Wait ${error.retryAfter ? `${Math.ceil(error.retryAfter / 60)} minute(s)` : 'a few minutes'} and try again.`;
  return error;
}

export function LoginPage() {
  useTitle('Log in');
  const location = useLocation();
  const next = nextScreen(location.query.get('next'));
  const me = useStore(meStore);
  const flash = useStore(flashStore);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  // Already signed in (the back button onto this screen): on to where they were going.
  useEffect(() => {
    if (me && !busy) navigate(next, { replace: true });
  }, [me]);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!email.trim()) problems.email = 'Enter your email address.';
    if (!password) problems.password = 'Enter your password.';
    if (!/^\d{6}$/.test(code.replace(/\s/g, '')))
      problems.code = 'Enter the 6-digit code from your authenticator app.';
    setMissing(problems);
    if (Object.keys(problems).length > 0 || busy) return;
    setBusy(true);
    setError(null);
    try {
      await adminApi(LOGIN_PATH, {
        method: 'POST',
        body: { email: email.trim(), password, code: code.replace(/\s/g, '') },
      });
      flashStore.set(null);
      await loadMe();
      navigate(next, { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : null);
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (name: string) => missing[name] ?? error?.fieldError(name);
  return (
    <main id="main" class="login" tabIndex={-1}>
      <section class="login-card">
        <h1>Shop admin</h1>
        <p class="muted">Log in with your password and the code from your authenticator app.</p>
        {flash && (
          <p class="notice notice-info" role="status">
            {flash}
          </p>
        )}
        {error && <ErrorNotice error={loginProblem(error)} />}
        <form onSubmit={onSubmit} noValidate>
          <Field id="login-email" label="Email" error={fieldError('email')}>
            {(props) => (
              <input
                {...props}
                type="email"
                autoComplete="username"
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
                required
              />
            )}
          </Field>
          <Field id="login-password" label="Password" error={fieldError('password')}>
            {(props) => (
              <input
                {...props}
                type="password"
                autoComplete="current-password"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
                required
              />
            )}
          </Field>
          <Field
            id="login-code"
            label="6-digit code"
            hint="From your authenticator app; it changes every 30 seconds."
            error={fieldError('code')}
          >
            {(props) => (
              <input
                {...props}
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]*"
                maxLength={7}
                value={code}
                onInput={(e) => setCode(e.currentTarget.value)}
                required
              />
            )}
          </Field>
          <button type="submit" class="button button-wide" disabled={busy}>
            {busy ? 'Logging in…' : 'Log in'}
          </button>
        </form>
      </section>
    </main>
  );
}
