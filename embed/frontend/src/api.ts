// The one API client: JSON over fetch, same-origin cookies, CSRF header on writes,
// and every failure turned into an ApiError whose message can be shown as is.
import i18n from './i18n/index.ts';

export const API_BASE = '/api/v1';

export interface User {
  id: number;
  email: string;
  name: string;
  role: 'admin' | 'client';
  client_id: number | null;
  client_name: string | null;
}

export interface SessionResponse {
  user: User;
  csrf_token: string;
}

export interface TwoFactorRequired {
  two_factor_required: true;
}

export type LoginResponse = SessionResponse | TwoFactorRequired;

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly requestId: string | null;

  constructor(message: string, code: string, status: number, requestId: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.requestId = requestId;
  }
}

let csrfToken: string | null = null;

export function getCsrfToken(): string | null {
  return csrfToken;
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function networkError(status = 0): ApiError {
  return new ApiError(i18n.t('errors.network'), 'network_error', status);
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; request_id?: unknown };
}

export async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const upper = method.toUpperCase();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (upper !== 'GET' && upper !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(API_BASE + path, {
      method: upper,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw networkError();
  }

  if (response.status === 204) return undefined as T;

  let data: unknown;
  const contentType = response.headers.get('Content-Type') ?? '';
  try {
    if (!contentType.includes('json')) throw new Error('not json');
    data = await response.json();
  } catch {
    // A proxy's HTML page, a cut connection…: nothing we can show as is.
    throw networkError(response.status);
  }

  if (!response.ok) {
    const err = (data as ErrorBody | null)?.error;
    const message = typeof err?.message === 'string' && err.message ? err.message : i18n.t('errors.unexpected');
    const code = typeof err?.code === 'string' && err.code ? err.code : 'unexpected';
    const requestId = typeof err?.request_id === 'string' && err.request_id ? err.request_id : null;
    throw new ApiError(message, code, response.status, requestId);
  }

  const token = (data as { csrf_token?: unknown } | null)?.csrf_token;
  if (typeof token === 'string' && token) csrfToken = token;
  return data as T;
}

export const api = {
  get: <T>(path: string) => apiRequest<T>('GET', path),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => apiRequest<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>('PATCH', path, body),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path),
};

export const authApi = {
  session: () => api.get<SessionResponse>('/auth/session'),
  login: (email: string, password: string) => api.post<LoginResponse>('/auth/login', { email, password }),
  loginTotp: (code: string) => api.post<SessionResponse>('/auth/login/totp', { code }),
  logout: async () => {
    await api.post<void>('/auth/logout');
    setCsrfToken(null);
  },
  forgotPassword: (email: string) => api.post<unknown>('/auth/password/forgot', { email }),
};

export function isTwoFactorRequired(r: LoginResponse): r is TwoFactorRequired {
  return (r as TwoFactorRequired).two_factor_required === true;
}
