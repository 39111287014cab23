import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, UNAUTHORIZED_EVENT } from './api.js';
import { ActionPage } from './pages/action-page.js';
import { ActionsPage } from './pages/actions-page.js';
import { AutomationsPage } from './pages/automations-page.js';
import { EventPage } from './pages/event-page.js';
import { EventsPage } from './pages/events-page.js';
import { LoginPage } from './pages/login-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { RunPage } from './pages/run-page.js';
import { RunsPage } from './pages/runs-page.js';
import { matchPath, navigate, useLocation, type Location } from './router.js';
import { loadSession, logOut, type Session } from './session.js';

const NAV = [
  { href: '/runs', label: 'Runs' },
  { href: '/events', label: 'Events' },
  { href: '/automations', label: 'Automations' },
  { href: '/actions', label: 'Actions' },
] as const;

/**
 * The whole UI: the session, the header with navigation, and the page the URL names. The page
 * loads its data while the session is still being asked for (one round trip less); a 401
 * from any call shows the login page.
 */
export function App() {
  const where = useLocation();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    loadSession().then(setSession, (error: unknown) =>
      setFailure(error instanceof ApiFailure ? error.message : String(error)),
    );
    const signedOut = (): void => setSession(null);
    window.addEventListener(UNAUTHORIZED_EVENT, signedOut);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, signedOut);
  }, []);

  useEffect(() => {
    if (session === null && where.path !== '/login') {
      const next = where.path + (where.query.size > 0 ? `?${where.query.toString()}` : '');
      navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
    }
    if (session !== null && where.path === '/') navigate('/runs', { replace: true });
  }, [session, where]);

  // After a navigation (not the first paint), move focus to the new page's content.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [where.path]);

  const signOut = async (): Promise<void> => {
    try {
      await logOut();
    } finally {
      setSession(null);
      navigate('/login');
    }
  };

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <a class="brand" href="/runs">
          switchyard
        </a>
        {session || (session === undefined && where.path !== '/login') ? (
          <nav aria-label="Main">
            <ul>
              {NAV.map((item) => (
                <li key={item.href}>
                  <a
                    href={item.href}
                    aria-current={
                      where.path === item.href || where.path.startsWith(`${item.href}/`)
                        ? 'page'
                        : undefined
                    }
                  >
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {session && !session.open ? (
          <div class="account">
            <span>
              Signed in as <strong>{session.subject}</strong>
            </span>
            <button type="button" class="button-secondary" onClick={() => void signOut()}>
              Log out
            </button>
          </div>
        ) : null}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {failure !== undefined ? (
          <div class="notice notice-error" role="alert">
            Could not reach the server: {failure}
          </div>
        ) : session === null || where.path === '/login' ? (
          <LoginPage
            query={where.query}
            session={session}
            onLogin={(next) => {
              setSession(next);
            }}
          />
        ) : (
          <Page where={where} />
        )}
      </main>
    </>
  );
}

function Page({ where }: { where: Location }) {
  const { path, query } = where;
  if (path === '/' || path === '/runs') return <RunsPage query={query} />;
  let params = matchPath('/runs/:id', path);
  if (params) return <RunPage key={params.id} id={params.id!} />;
  if (path === '/events') return <EventsPage query={query} />;
  params = matchPath('/events/:id', path);
  if (params) return <EventPage key={params.id} id={params.id!} />;
  if (path === '/automations') return <AutomationsPage />;
  if (path === '/actions') return <ActionsPage />;
  params = matchPath('/actions/:id', path);
  if (params) return <ActionPage key={params.id} id={params.id!} />;
  return <NotFoundPage path={path} />;
}
