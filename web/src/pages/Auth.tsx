import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api/http';
import { flashStore, signedIn, userStore } from '../api/shop';
import type { User } from '../api/types';
import { ErrorNotice, Field } from '../components/bits';
import { useHead } from '../lib/head';
import { navigate, safeNext, useLocation } from '../lib/router';
import { useStore } from '../lib/store';

function Flash() {
  const message = useStore(flashStore);
  useEffect(() => () => flashStore.set(null), []);
  return message ? (
    <p class="notice notice-info" role="status">
      {message}
    </p>
  ) : null;
}

function useAuthForm(path: string) {
  const location = useLocation();
  const next = safeNext(location.query.get('next'));
  const user = useStore(userStore);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  // Already signed in (e.g. back button onto the login page): on to where they were going.
  useEffect(() => {
    if (user && !busy) navigate(next, { replace: true });
  }, [user]);

  const submit = async (body: Record<string, string>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const { user: fresh } = await api<{ user: User }>(path, { method: 'POST', body });
      await signedIn(fresh);
      navigate(next, { replace: true });
    } catch (caught) {
      setError(caught as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return { next, error, busy, submit };
}

const fieldError = (error: ApiError | null, name: string, local?: string) =>
  local ?? (error instanceof ApiError ? error.fieldError(name) : undefined);

export function LoginPage() {
  useHead('Log in', 'Log in to your Shop account to check out and see your orders.');
  const { next, error, busy, submit } = useAuthForm('/api/auth/login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!email.trim()) problems.email = 'Enter your email address.';
    if (!password) problems.password = 'Enter your password.';
    setMissing(problems);
    if (Object.keys(problems).length === 0) submit({ email: email.trim(), password });
  };

  return (
    <section class="auth">
      <h1>Log in</h1>
      <Flash />
      <div>
        {error && (
          <ErrorNotice
            error={
              error.status === 429 && error.retryAfter
                ? `${error.detail} Try again in ${Math.ceil(error.retryAfter / 60)} minute(s).`
                : error
            }
            onRetry={error.retryable && error.status !== 429 ? () => submit({ email, password }) : undefined}
          />
        )}
      </div>
      <form class="form" noValidate onSubmit={onSubmit}>
        <Field id="login-email" label="Email" error={fieldError(error, 'email', missing.email)}>
          {(props) => (
            <input
              {...props}
              type="email"
              name="email"
              autocomplete="email"
              required
              value={email}
              onInput={(event) => setEmail(event.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="login-password" label="Password" error={fieldError(error, 'password', missing.password)}>
          {(props) => (
            <input
              {...props}
              type="password"
              name="password"
              autocomplete="current-password"
              required
              value={password}
              onInput={(event) => setPassword(event.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="button button-primary button-wide" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p>
        New here? <a href={`/register?next=${encodeURIComponent(next)}`}>Create an account</a>
      </p>
      <p class="muted">Demo account: demo@shop.local / demo-password-1</p>
    </section>
  );
}

export function RegisterPage() {
  useHead('Create an account', 'Create a Shop account to check out and follow your orders.');
  const { next, error, busy, submit } = useAuthForm('/api/auth/register');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = 'Enter your name.';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()))
      problems.email = 'Enter an email address like name@example.com.';
    if (password.length < 10) problems.password = 'Use at least 10 characters.';
    setLocal(problems);
    if (Object.keys(problems).length === 0) submit({ name: name.trim(), email: email.trim(), password });
  };

  return (
    <section class="auth">
      <h1>Create an account</h1>
      <Flash />
      <div>{error && !error.errors.length && <ErrorNotice error={error} />}</div>
      <form class="form" noValidate onSubmit={onSubmit}>
        <Field id="register-name" label="Name" error={fieldError(error, 'name', local.name)}>
          {(props) => (
            <input
              {...props}
              name="name"
              autocomplete="name"
              required
              maxLength={100}
              value={name}
              onInput={(event) => setName(event.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="register-email" label="Email" error={fieldError(error, 'email', local.email)}>
          {(props) => (
            <input
              {...props}
              type="email"
              name="email"
              autocomplete="email"
              required
              value={email}
              onInput={(event) => setEmail(event.currentTarget.value)}
            />
          )}
        </Field>
        <Field
          id="register-password"
          label="Password"
          hint="At least 10 characters."
          error={fieldError(error, 'password', local.password)}
        >
          {(props) => (
            <input
              {...props}
              type="password"
              name="password"
              autocomplete="new-password"
              required
              minLength={10}
              value={password}
              onInput={(event) => setPassword(event.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="button button-primary button-wide" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <a href={`/login?next=${encodeURIComponent(next)}`}>Log in</a>
      </p>
    </section>
  );
}
