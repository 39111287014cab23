import { useEffect, useState } from 'preact/hooks';
import { usePageTitle } from '../parts/page-title.js';
import { navigate } from '../router.js';
import { logIn, type Session } from '../session.js';

/** Where to go after logging in: a page of this UI, never another site. */
function nextPage(query: URLSearchParams): string {
  const next = query.get('next') ?? '/runs';
  return next.startsWith('/') && !next.startsWith('//') && next !== '/login' ? next : '/runs';
}

/** The client id and secret of the run API, exchanged for a session cookie. */
export function LoginPage({
  query,
  session,
  onLogin,
}: {
  query: URLSearchParams;
  session: Session | null | undefined;
  onLogin: (session: Session) => void;
}) {
  usePageTitle('Log in');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (session) navigate(nextPage(query), { replace: true });
  }, [session, query]);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const next = await logIn(clientId, clientSecret);
      setClientSecret('');
      onLogin(next);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="login">
      <h1>Log in</h1>
      <p>Use the run API's client id and client secret.</p>
      {error ? (
        <div class="notice notice-error" role="alert" id="login-error">
          Login failed: {error}
        </div>
      ) : null}
      <form
        onSubmit={(event) => void submit(event)}
        aria-describedby={error ? 'login-error' : undefined}
      >
        <div class="field">
          <label for="login-client-id">Client ID</label>
          <input
            id="login-client-id"
            name="clientId"
            autoComplete="username"
            required
            value={clientId}
            onInput={(e) => setClientId((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="login-client-secret">Client secret</label>
          <input
            id="login-client-secret"
            name="clientSecret"
            type="password"
            autoComplete="current-password"
            required
            value={clientSecret}
            onInput={(e) => setClientSecret((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="form-actions">
          <button type="submit" disabled={busy}>
            Log in
          </button>
        </div>
      </form>
    </div>
  );
}
