import { render } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router';
import { vi } from 'vitest';
import { AuthProvider } from '../auth/AuthContext.tsx';
import { AppRoutes } from '../App.tsx';
import type { Client, User } from '../api.ts';
import { fixture } from './projects.ts';

export interface Call {
  method: string;
  path: string;
  /** The query string, "?a=1" (or ""). */
  search: string;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function apiError(status: number, code: string, message: string, requestId = 'req-test', field?: string, params: Record<string, unknown> = {}) {
  return json(status, { error: { code, message, params, request_id: requestId, ...(field ? { field } : {}) } });
}

export const marie: User = {
  id: 7,
  email: 'marie.dupont@client.fr',
  name: 'Marie Dupont',
  role: 'client',
  client_id: 3,
  client_name: 'Transports Durand',
  language: 'fr',
  totp_enabled: false,
  disabled: false,
  password_set: true,
  last_login_at: '2026-11-20T09:15:00Z',
  created_at: '2026-10-01T08:00:00Z',
};

export const paul: User = {
  ...marie,
  id: 1,
  email: 'paul.martin@bigdatacenter.fr',
  name: 'Paul Martin',
  role: 'admin',
  client_id: null,
  client_name: null,
};

export const client = fixture<Client>(() => ({
  id: 3,
  name: 'Transports Durand',
  contact_name: 'Jean Durand',
  contact_email: 'jean@durand.fr',
  phone: '04 78 00 00 00',
  address: '1 quai du Rhône\n69000 Lyon',
  notes: '',
  archived: false,
  archived_at: null,
  user_count: 1,
  created_at: '2026-10-01T08:00:00Z',
  updated_at: '2026-10-01T08:00:00Z',
}));

export function page<T>(items: T[], total = items.length, pageNo = 1, perPage = 20) {
  return { items, total, page: pageNo, per_page: perPage };
}

export const noContent = () => new Response(null, { status: 204 });
export const anonymous = () => apiError(401, 'unauthenticated', 'Veuillez vous connecter.');

/** A signed-in session for `user`, then `handler` for every other call. */
export function signedInAs(user: User, handler: (call: Call) => Response | Promise<Response> | undefined = () => undefined) {
  return fakeApi(async (call) => {
    if (call.path === '/api/v1/auth/session') return json(200, { user, csrf_token: 'tok' });
    if (call.path === '/api/v1/account' && call.method === 'GET') return json(200, user);
    const answer = await handler(call);
    return answer ?? apiError(404, 'not_found', `Pas de réponse de test pour ${call.method} ${call.path}`);
  });
}

/** Replaces fetch with a fake server; returns the list of calls it received. */
export function fakeApi(handler: (call: Call) => Response | Promise<Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), 'http://localhost');
      const call: Call = {
        method: (init.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        search: url.search,
        headers: Object.fromEntries(new Headers(init.headers).entries()),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
        credentials: init.credentials,
      };
      calls.push(call);
      return handler(call);
    }),
  );
  return calls;
}

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

export function renderApp(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider>
        <AppRoutes />
        <LocationProbe />
      </AuthProvider>
    </MemoryRouter>,
  );
}

/**
 * French typography as written in fr.json: a no-break space before « : ; ! ? » » and after « « ».
 * Accessible names keep it, so role queries need it: getByRole('dialog', { name: fr('Archiver ?') }).
 */
export function fr(text: string): string {
  return text.replace(/ ([:;!?»])/g, '\u00a0$1').replace(/« /g, '«\u00a0');
}
