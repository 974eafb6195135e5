// The one HTTP client of the API: JSON over fetch, same-origin cookies, CSRF header on writes,
// and every failure turned into an ApiError whose message can be shown as is.
import i18n, { loadErrorTexts } from '../i18n/index.ts';
import { formatNumber, formatSize } from '../lib/format.ts';

export const API_BASE = '/api/v1';

export type ApiErrorParams = Readonly<Record<string, unknown>>;

/**
 * The text of an error the API answered, in the reader's language: the translation of its code
 * (apiErrors.codes) with its parameters, a label translated (apiErrors.labels), sizes and numbers
 * written the reader's way; the server's own (French) message for a code this interface does
 * not know yet (api.ts is the one place an error's text is chosen: pages show `message`).
 */
export function apiErrorText(code: string, params: ApiErrorParams, serverMessage: string): string {
  // Fetched with the first error (see i18n): meanwhile, the server's message.
  void loadErrorTexts(i18n.language);
  const key = `apiErrors.codes.${code}`;
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name === 'label' && typeof value === 'string') {
      const labelKey = `apiErrors.labels.${value}`;
      const label = i18n.t(labelKey);
      if (label === labelKey) return serverMessage;
      values[name] = label;
    } else if (typeof value === 'number' && name !== 'count') {
      values[name] = name.endsWith('_bytes') ? formatSize(value) : formatNumber(value);
    } else {
      values[name] = value;
    }
  }
  const text = i18n.t(key, values);
  // Unknown code, or a parameter missing from the answer: the server's words, never a {{hole}}.
  return text === key || text.includes('{{') ? serverMessage : text;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly requestId: string | null;
  /** The input at fault (422 and some 409 answers): its message goes next to that field. */
  readonly field: string | null;
  /** What the code's message names (limits, names, the label of the field at fault). */
  readonly params: ApiErrorParams;

  /**
   * With `params` (an answer of the API), the message is the code's translation in the current
   * language, read each time so that it follows a change of language; `message` is then the
   * server's fallback. Without, `message` is already the text to show.
   */
  constructor(message: string, code: string, status: number, requestId: string | null = null, field: string | null = null, params: ApiErrorParams | null = null) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.requestId = requestId;
    this.field = field;
    this.params = params ?? {};
    if (params) {
      Object.defineProperty(this, 'message', { get: () => apiErrorText(code, params, message), configurable: true });
    }
  }
}

/** Any thrown value as an ApiError whose message can be shown (the French generic one otherwise). */
export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(i18n.t('errors.unexpected'), 'unexpected', 0);
}

type ApiErrorListener = (error: ApiError, path: string) => void;
const listeners = new Set<ApiErrorListener>();

/** Hears every error answer of the API (session expired, second factor required…). Returns the unsubscribe function. */
export function onApiError(listener: ApiErrorListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
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
  error?: { code?: unknown; message?: unknown; request_id?: unknown; field?: unknown; params?: unknown };
}

/**
 * The ApiError of an error answer (the API's one shape), told to the listeners. Also used by
 * requests that do not go through fetch (uploads, with XMLHttpRequest for their progress).
 */
export function errorFromBody(status: number, data: unknown, path: string): ApiError {
  const err = (data as ErrorBody | null)?.error;
  const message = typeof err?.message === 'string' && err.message ? err.message : i18n.t('errors.unexpected');
  const code = typeof err?.code === 'string' && err.code ? err.code : 'unexpected';
  const requestId = typeof err?.request_id === 'string' && err.request_id ? err.request_id : null;
  const field = typeof err?.field === 'string' && err.field ? err.field : null;
  const params = err?.params && typeof err.params === 'object' && !Array.isArray(err.params) ? (err.params as ApiErrorParams) : {};
  const error = new ApiError(message, code, status, requestId, field, params);
  for (const listener of listeners) listener(error, path);
  return error;
}

/**
 * One Idempotency-Key per user action, the same for its retries: a POST sent again as it was
 * (same path and body) after an unknown outcome (no answer, or a server error) reuses the key
 * of the first try, so that the server does the action once and answers its first result.
 * Once an answer says what happened, the next identical POST is a new action.
 */
const pendingKeys = new Map<string, string>();

export function idempotencyKey(action: string): string {
  let key = pendingKeys.get(action);
  if (!key) {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes); // randomUUID needs HTTPS; this works over plain HTTP too
    key = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    pendingKeys.set(action, key);
  }
  return key;
}

/** Forgets an action's key once an answer (status) told its outcome; 0 is no answer. */
export function settleIdempotencyKey(action: string, status: number): void {
  if (status > 0 && status < 500) pendingKeys.delete(action);
}

export async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const upper = method.toUpperCase();
  if (upper !== 'POST') return send<T>(upper, path, body, null);
  const action = `POST ${path} ${JSON.stringify(body ?? null)}`;
  let status = 0;
  try {
    return await send<T>(upper, path, body, idempotencyKey(action), (s) => (status = s));
  } finally {
    settleIdempotencyKey(action, status);
  }
}

async function send<T>(upper: string, path: string, body: unknown, key: string | null, answered?: (status: number) => void): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (upper !== 'GET' && upper !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (key) headers['Idempotency-Key'] = key;

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
  answered?.(response.status);

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

  if (!response.ok) throw errorFromBody(response.status, data, path);

  const token = (data as { csrf_token?: unknown } | null)?.csrf_token;
  if (typeof token === 'string' && token) csrfToken = token;
  return data as T;
}

export const api = {
  get: <T>(path: string) => apiRequest<T>('GET', path),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => apiRequest<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>('PATCH', path, body),
  delete: <T>(path: string, body?: unknown) => apiRequest<T>('DELETE', path, body),
};

export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
