import { api, ApiFailure, setCsrfToken } from './api.js';

/** Who is using the UI: `open` when the server needs no login (loopback, no credentials). */
export interface Session {
  readonly open: boolean;
  readonly subject: string | null;
  readonly csrfToken: string | null;
}

/** `GET /v1/ui/session`: the session, or null when the user must log in. */
export async function loadSession(): Promise<Session | null> {
  try {
    const answer = await api<Session>('/v1/ui/session', { quiet401: true });
    setCsrfToken(answer.csrfToken);
    return { open: answer.open, subject: answer.subject, csrfToken: answer.csrfToken };
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) return null;
    throw error;
  }
}

/** `POST /v1/ui/login`: sets the session cookie; throws `ApiFailure` on wrong credentials. */
export async function logIn(clientId: string, clientSecret: string): Promise<Session> {
  const answer = await api<{ subject: string; csrfToken: string }>('/v1/ui/login', {
    method: 'POST',
    body: { clientId, clientSecret },
    quiet401: true,
  });
  setCsrfToken(answer.csrfToken);
  return { open: false, subject: answer.subject, csrfToken: answer.csrfToken };
}

/** `POST /v1/ui/logout`: clears the cookie. */
export async function logOut(): Promise<void> {
  await api('/v1/ui/logout', { method: 'POST', quiet401: true });
  setCsrfToken(null);
}
