// Accounts: sign-in, the signed-in user's own account, and the admin pages' clients and users.
import i18n from '../i18n/index.ts';
import { ApiError, api, query, setCsrfToken } from './http.ts';

export type Role = 'admin' | 'client';
export type Language = 'fr' | 'en';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  client_id: number | null;
  client_name: string | null;
  language: Language;
  totp_enabled: boolean;
  disabled: boolean;
  password_set: boolean;
  last_login_at: string | null;
  created_at: string;
}

/** A user as the admin pages see it (GET /admin/users/:id and the answers of its actions). */
export interface UserDetail extends User {
  open_sessions: number;
  invitation_pending: boolean;
}

export interface Client {
  id: number;
  name: string;
  contact_name: string;
  contact_email: string;
  phone: string;
  address: string;
  notes: string;
  archived: boolean;
  archived_at: string | null;
  user_count: number;
  created_at: string;
  updated_at: string;
}

export type ClientInput = Pick<Client, 'name' | 'contact_name' | 'contact_email' | 'phone' | 'address' | 'notes'>;

export interface UserInput {
  email: string;
  name: string;
  role: Role;
  client_id?: number | null;
  language: Language;
}

/**
 * A list whose whole may grow with the portal (the staff's, a filtered one, « À traiter ») counts
 * its total up to this (the server's store.ListTotalCap): past it, « plus de 1 000 ».
 */
export const LIST_TOTAL_CAP = 1000;

/** The envelope of every paginated list. */
export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  per_page: number;
}

export interface LinkInfo {
  purpose: 'invitation' | 'reset';
  email: string;
  name: string;
}

export interface TotpSetup {
  secret: string;
  uri: string;
  /** data:image/png;base64,… */
  qr_code: string;
}

export interface SessionResponse {
  user: User;
  csrf_token: string;
}

export interface TwoFactorRequired {
  two_factor_required: true;
}

export type LoginResponse = SessionResponse | TwoFactorRequired;

export const authApi = {
  // Nobody signed in answers 200 {"user": null} (not a 401, which browsers log as an error on
  // every visit of the sign-in page); callers keep reading it as the 401 it means.
  session: () =>
    api.get<SessionResponse | { user: null }>('/auth/session').then((s) => {
      if (!s.user) throw new ApiError(i18n.t('errors.unauthenticated'), 'unauthenticated', 401);
      return s as SessionResponse;
    }),
  login: (email: string, password: string) => api.post<LoginResponse>('/auth/login', { email, password }),
  loginTotp: (code: string) => api.post<SessionResponse>('/auth/login/totp', { code }),
  logout: async () => {
    await api.post<void>('/auth/logout');
    setCsrfToken(null);
  },
  logoutEverywhere: async () => {
    await api.post<void>('/auth/logout-all');
    setCsrfToken(null);
  },
  forgotPassword: (email: string) => api.post<{ message?: string } | undefined>('/auth/password/forgot', { email }),
  inspectLink: (token: string) => api.post<LinkInfo>('/auth/links/inspect', { token }),
  setPasswordWithLink: (token: string, password: string) => api.post<void>('/auth/links/password', { token, password }),
};

export const accountApi = {
  get: () => api.get<User>('/account'),
  update: (input: { name: string; language: Language }) => api.patch<User>('/account', input),
  changePassword: (current_password: string, new_password: string) => api.post<void>('/account/password', { current_password, new_password }),
  totpSetup: () => api.post<TotpSetup>('/account/totp/setup'),
  totpEnable: (code: string) => api.post<{ recovery_codes: string[] }>('/account/totp/enable', { code }),
  totpDisable: (password: string) => api.post<void>('/account/totp/disable', { password }),
  calendar: () => api.get<CalendarFeed>('/account/calendar'),
  /** Turns the private calendar feed on, or gives it a new address: the answer's url is shown once. */
  enableCalendar: () => api.post<CalendarFeed>('/account/calendar'),
  disableCalendar: () => api.delete<void>('/account/calendar'),
};

export interface CalendarFeed {
  enabled: boolean;
  created_at: string | null;
  last_used_at: string | null;
  /** Only in the answer that made it: the server keeps its hash alone. */
  url?: string;
}

export interface ClientQuery {
  q?: string;
  archived?: boolean;
  page?: number;
  per_page?: number;
}

export interface UserQuery {
  client_id?: number;
  role?: Role | '';
  q?: string;
  page?: number;
  per_page?: number;
}

export const adminApi = {
  clients: (p: ClientQuery) => api.get<PageOf<Client>>(`/admin/clients${query({ ...p, archived: p.archived ? 'true' : 'false' })}`),
  client: (id: number) => api.get<Client>(`/admin/clients/${id}`),
  createClient: (input: ClientInput) => api.post<Client>('/admin/clients', input),
  updateClient: (id: number, input: ClientInput) => api.patch<Client>(`/admin/clients/${id}`, input),
  archiveClient: (id: number) => api.post<Client>(`/admin/clients/${id}/archive`),
  restoreClient: (id: number) => api.post<Client>(`/admin/clients/${id}/restore`),
  deleteClient: (id: number, confirmName: string) => api.delete<void>(`/admin/clients/${id}`, { confirm_name: confirmName }),
  users: (p: UserQuery) => api.get<PageOf<User>>(`/admin/users${query({ ...p })}`),
  user: (id: number) => api.get<UserDetail>(`/admin/users/${id}`),
  inviteUser: (input: UserInput) => api.post<UserDetail>('/admin/users', input),
  updateUser: (id: number, input: UserInput) => api.patch<UserDetail>(`/admin/users/${id}`, input),
  disableUser: (id: number) => api.post<UserDetail>(`/admin/users/${id}/disable`),
  enableUser: (id: number) => api.post<UserDetail>(`/admin/users/${id}/enable`),
  resendInvitation: (id: number) => api.post<void>(`/admin/users/${id}/invitation`),
  endSessions: (id: number) => api.delete<{ ended: number }>(`/admin/users/${id}/sessions`),
};

export function isTwoFactorRequired(r: LoginResponse): r is TwoFactorRequired {
  return (r as TwoFactorRequired).two_factor_required === true;
}
