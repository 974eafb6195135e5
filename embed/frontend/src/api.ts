// The one API client: JSON over fetch, same-origin cookies, CSRF header on writes,
// and every failure turned into an ApiError whose message can be shown as is.
import i18n, { loadErrorTexts } from './i18n/index.ts';
import { formatNumber, formatSize } from './lib/format.ts';

export const API_BASE = '/api/v1';

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

// ——— Projects, milestones and deliverables (C2-C5, A1, A3, A5, X6) ———

export type ProjectStatus = 'en_cours' | 'en_pause' | 'termine';
export const PROJECT_STATUSES: readonly ProjectStatus[] = ['en_cours', 'en_pause', 'termine'];
export type Schedule = 'on_time' | 'at_risk' | 'late';
export type MilestoneState = 'a_venir' | 'en_cours' | 'livree' | 'validee';
export type VersionStatus = 'en_attente' | 'valide' | 'modifications';
export type Decision = 'valide' | 'modifications';
export type ProjectSort = 'deadline' | 'name' | 'updated' | 'progress';

/** Computed by the server from the milestones' weights (X6): never typed by hand. */
export interface Progress {
  percent: number;
  done: number;
  total: number;
}

export interface Project {
  id: number;
  client_id: number;
  client_name: string;
  name: string;
  description: string;
  /** Calendar days, "YYYY-MM-DD". */
  start_date: string | null;
  deadline: string | null;
  status: ProjectStatus;
  manager_id: number | null;
  manager_name: string;
  progress: Progress;
  schedule: Schedule;
  has_overdue: boolean;
  is_late: boolean;
  next_milestone: { title: string; due_date: string | null } | null;
  /** Messages of the project's conversation the user has not read (0 when absent), counted up to 100 (shown « 99+ »). */
  unread_messages?: number;
  /** The project's retours not closed; of them, new ones and those resolved awaiting the client. */
  retours_open: number;
  retours_new: number;
  retours_resolved: number;
  created_at: string;
  updated_at: string;
}

export interface Milestone {
  id: number;
  position: number;
  title: string;
  description: string;
  due_date: string | null;
  weight: number;
  state: MilestoneState;
  overdue: boolean;
  delivered_at: string | null;
  delivered_by: string;
  validated_at: string | null;
  validated_by: string;
  /** The step's tasks as the reader is shown them: a client counts the visible tasks only. */
  tasks_done: number;
  tasks_total: number;
}

export interface MilestoneEvent {
  kind: 'delivered' | 'validated' | 'reopened' | 'task_done';
  at: string;
  by: string;
  milestone_id: number;
  /** The finished task of a task_done line. */
  task_id: number | null;
  title: string;
}

/** What one step adds to the project's percentage (« pourquoi 42 % »). */
export interface StepShare {
  milestone_id: number;
  title: string;
  state: MilestoneState;
  weight: number;
  /** The part of the step's weight that counts, in percent. */
  counted: number;
  /** The step's share of the project's percentage, to a tenth of a point. */
  points: number;
}

export interface ProjectDetail extends Project {
  milestones: Milestone[];
  /** Newest first. */
  history: MilestoneEvent[];
  weight_total: number;
  shares: StepShare[];
}

export type TaskStatus = 'a_faire' | 'en_cours' | 'en_revue' | 'terminee';
export const TASK_STATUSES: readonly TaskStatus[] = ['a_faire', 'en_cours', 'en_revue', 'terminee'];
export type TaskVisibility = 'client' | 'interne';

export interface Task {
  id: number;
  project_id: number;
  milestone_id: number;
  milestone_title: string;
  position: number;
  title: string;
  description: string;
  status: TaskStatus;
  assignee_id: number | null;
  assignee_name: string;
  due_date: string | null;
  visibility: TaskVisibility;
  /** The retour the task answers (same project), and its title. */
  retour_id?: number | null;
  retour_title?: string;
  done_at: string | null;
  updated_at: string;
}

export interface TaskInput {
  title: string;
  description: string;
  status: TaskStatus;
  assignee_id: number;
  due_date: string;
  visibility: TaskVisibility;
  /** The retour it answers; 0: none. */
  retour_id?: number;
}

export interface PastedTasksInput {
  text: string;
  assignee_id: number;
  due_date: string;
  visibility: TaskVisibility;
}

export interface ProjectInput {
  client_id: number;
  name: string;
  description: string;
  start_date: string;
  deadline: string;
  status: ProjectStatus;
  manager_id: number;
}

export interface MilestoneInput {
  title: string;
  description: string;
  due_date: string;
  weight: number;
}

export interface ProjectQuery {
  status?: ProjectStatus | '';
  late?: boolean;
  overdue?: boolean;
  q?: string;
  client_id?: number;
  sort?: ProjectSort;
  page?: number;
  per_page?: number;
}

export interface OverdueMilestone {
  milestone_id: number;
  title: string;
  due_date: string | null;
  project_id: number;
  project_name: string;
  client_id: number;
  client_name: string;
}

export interface Overview {
  active_clients: number;
  projects_by_status: Partial<Record<ProjectStatus, number>>;
  late_projects: number;
  projects_at_risk: number;
  overdue_milestones: number;
  retours_open: number;
  retours_new: number;
  retours_resolved: number;
  overdue_list: OverdueMilestone[];
  late_list: Project[];
}

export interface DecisionEntry {
  decision: Decision;
  comment: string;
  sha256: string;
  by: string;
  at: string;
}

export interface Version {
  id: number;
  number: number;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  note: string;
  status: VersionStatus;
  uploaded_by: string;
  uploaded_at: string;
  decided_at: string | null;
  decisions: DecisionEntry[] | null;
}

export interface Deliverable {
  id: number;
  project_id: number;
  milestone_id: number | null;
  milestone_title: string;
  title: string;
  latest_version: number;
  updated_at: string;
  /** Newest first. */
  versions: Version[];
}

/** A version with where it belongs (dashboards' lists). */
export interface VersionInContext extends Version {
  deliverable_id: number;
  deliverable_title: string;
  project_id: number;
  project_name: string;
  client_name: string;
  /** How long it has waited for the client's decision (pending versions). */
  waiting_seconds: number;
}

export interface DownloadEntry {
  at: string;
  user: string;
  role: Role | string;
  ip: string;
}

/** Where a version's file is: a download (attachment), or `inline` for a preview (PDF, images). */
export function downloadUrl(versionId: number, inline = false): string {
  return `${API_BASE}/versions/${versionId}/download${inline ? '?inline=1' : ''}`;
}

export const projectsApi = {
  list: (p: ProjectQuery) => api.get<PageOf<Project>>(`/projects${query({ ...p, late: p.late ? 'true' : undefined, overdue: p.overdue ? 'true' : undefined })}`),
  get: (id: number) => api.get<ProjectDetail>(`/projects/${id}`),
  deliverables: (id: number) => api.get<{ items: Deliverable[] }>(`/projects/${id}/deliverables`),
  latestVersions: (limit: number) => api.get<{ items: VersionInContext[] }>(`/versions/latest${query({ limit })}`),
  decide: (versionId: number, decision: Decision, comment: string) => api.post<Deliverable>(`/versions/${versionId}/decision`, { decision, comment }),
};

export const tasksApi = {
  /** Every task of a project the reader may see, in the steps' order (pages of 100 read in turn). */
  all: async (projectId: number): Promise<Task[]> => {
    const out: Task[] = [];
    for (let page = 1; ; page++) {
      const r = await api.get<PageOf<Task>>(`/projects/${projectId}/tasks${query({ page, per_page: 100 })}`);
      out.push(...r.items);
      if (r.items.length < 100 || out.length >= r.total) return out;
    }
  },
  add: (milestoneId: number, input: TaskInput) => api.post<Task>(`/admin/milestones/${milestoneId}/tasks`, input),
  paste: (milestoneId: number, input: PastedTasksInput) => api.post<{ items: Task[] }>(`/admin/milestones/${milestoneId}/tasks/paste`, input),
  reorder: (milestoneId: number, ids: number[]) => api.put<{ items: Task[] }>(`/admin/milestones/${milestoneId}/tasks/order`, { ids }),
  update: (id: number, input: TaskInput) => api.patch<Task>(`/admin/tasks/${id}`, input),
  setStatus: (id: number, status: TaskStatus) => api.post<Task>(`/admin/tasks/${id}/status`, { status }),
  move: (id: number, milestoneId: number, position = 0) => api.post<Task>(`/admin/tasks/${id}/move`, { milestone_id: milestoneId, position }),
  remove: (id: number) => api.delete<void>(`/admin/tasks/${id}`),
};

export const adminProjectsApi = {
  overview: () => api.get<Overview>('/admin/overview'),
  create: (input: ProjectInput) => api.post<ProjectDetail>('/admin/projects', input),
  update: (id: number, input: ProjectInput) => api.patch<ProjectDetail>(`/admin/projects/${id}`, input),
  addMilestone: (projectId: number, input: MilestoneInput) => api.post<ProjectDetail>(`/admin/projects/${projectId}/milestones`, input),
  reorderMilestones: (projectId: number, ids: number[]) => api.put<ProjectDetail>(`/admin/projects/${projectId}/milestones/order`, { ids }),
  updateMilestone: (id: number, input: MilestoneInput) => api.patch<ProjectDetail>(`/admin/milestones/${id}`, input),
  deleteMilestone: (id: number) => api.delete<ProjectDetail>(`/admin/milestones/${id}`),
  setMilestoneState: (id: number, state: MilestoneState) => api.post<ProjectDetail>(`/admin/milestones/${id}/state`, { state }),
  deleteVersion: (id: number) => api.delete<void>(`/admin/versions/${id}`),
  pendingVersions: (limit: number) => api.get<{ items: VersionInContext[] }>(`/admin/versions/pending${query({ limit })}`),
  versionDownloads: (id: number) => api.get<{ items: DownloadEntry[] }>(`/admin/versions/${id}/downloads`),
};

// ——— Exchanges, notifications, statistics, audit and jobs (C6, C7, A6, A7, X3) ———

export interface Attachment {
  id: number;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
}

export interface Message {
  id: number;
  project_id: number;
  /** The retour whose thread holds it; null in the project's conversation. */
  retour_id?: number | null;
  author_id: number;
  author_name: string;
  author_role: Role | string;
  body: string;
  created_at: string;
  edited: boolean;
  deleted: boolean;
  /** An internal note: staff only, never sent to a client. */
  internal: boolean;
  attachments: Attachment[] | null;
}

export interface Thread {
  /** Oldest first. */
  items: Message[];
  /** The reader's marker before this read: messages after it are new to them. */
  last_read: number;
  has_more: boolean;
}

/** An authored message may be changed or removed this long after it was sent (admins: any time for removal). */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;

export function attachmentUrl(id: number): string {
  return `${API_BASE}/attachments/${id}/download`;
}

export const messagesApi = {
  list: (projectId: number, p: { before?: number; limit?: number } = {}) => api.get<Thread>(`/projects/${projectId}/messages${query({ ...p })}`),
  post: (projectId: number, body: string, attachmentIds: number[], internal = false) => api.post<Message>(`/projects/${projectId}/messages`, { body, attachment_ids: attachmentIds, internal }),
  edit: (id: number, body: string) => api.patch<Message>(`/messages/${id}`, { body }),
  remove: (id: number) => api.delete<void>(`/messages/${id}`),
  markRead: (projectId: number, messageId: number) => api.post<void>(`/projects/${projectId}/messages/read`, { message_id: messageId }),
};

export type NotificationKind = 'message' | 'retour' | 'deliverable' | 'decision' | 'milestone' | 'status' | 'overdue';
export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['message', 'retour', 'deliverable', 'decision', 'milestone', 'status', 'overdue'];
export type NotificationMode = 'immediate' | 'digest' | 'off';
export const NOTIFICATION_MODES: readonly NotificationMode[] = ['immediate', 'digest', 'off'];

/** What a notification says, as ids, names and numbers (app/portal's NoteParams); each kind sets its own. */
export interface NotificationParams {
  project_id?: number;
  project?: string;
  client?: string;
  author?: string;
  message_id?: number;
  excerpt?: string;
  /** message: an internal note (staff only). */
  internal?: boolean;
  deliverable_id?: number;
  deliverable?: string;
  version?: number;
  file?: string;
  size?: number;
  decision?: string;
  comment?: string;
  milestone_id?: number;
  step?: string;
  /** Overdue tasks: the task (its step is `step`). */
  task_id?: number;
  task?: string;
  due?: string;
  days?: number;
  status?: string;
  job?: string;
  error?: string;
  /** audit_chain: the kind of break (edited, deleted...) and the row it names. */
  break?: string;
  row?: number;
  /** retour (and the decision whose change request opened one): the retour, its title, what happened to it. */
  retour_id?: number;
  retour?: string;
  event?: string;
  priority?: string;
  /** A notification written before they had parameters: its French text, shown as it is. */
  text?: string;
  body?: string;
}

export interface AppNotification {
  id: number;
  kind: NotificationKind | 'job_failure' | 'audit_chain' | (string & {});
  project_id: number | null;
  params: NotificationParams | null;
  /** The French sentence, for API clients: the interface writes its own (lib/notifications.ts). */
  title: string;
  body: string;
  created_at: string;
  read_at: string | null;
}

export interface NotificationList {
  unread: number;
  items: AppNotification[];
}

export interface NotificationPrefs {
  modes: Partial<Record<NotificationKind, NotificationMode>>;
  digest_hour: number;
}

export const notificationsApi = {
  list: (p: { unread?: boolean; limit?: number } = {}) => api.get<NotificationList>(`/notifications${query({ unread: p.unread ? 'true' : undefined, limit: p.limit })}`),
  /** id 0: every notification. */
  markRead: (id: number) => api.post<{ unread: number }>('/notifications/read', { id }),
  prefs: () => api.get<NotificationPrefs>('/account/notifications'),
  setPrefs: (p: NotificationPrefs) => api.put<NotificationPrefs>('/account/notifications', p),
};

export interface Exchange extends Message {
  project_name: string;
  client_id: number;
  client_name: string;
}

export interface ExchangeQuery {
  client_id?: number | '';
  project_id?: number | '';
  author_id?: number | '';
  from?: string;
  to?: string;
  q?: string;
  page?: number;
  per_page?: number;
}

export interface MonthCount {
  /** "2026-11" */
  month: string;
  series: string;
  count: number;
}

export interface ClientRank {
  client_id: number;
  name: string;
  count: number;
}

export interface Statistics {
  from: string;
  to: string;
  projects_by_month: MonthCount[] | null;
  milestones_by_month: MonthCount[] | null;
  deliverables_by_month: MonthCount[] | null;
  decisions: { total: number; change_requests: number; change_request_share: number; avg_decision_seconds: number };
  team_response: { client_messages: number; answered: number; avg_response_seconds: number };
  most_active_clients: ClientRank[] | null;
  most_overdue_clients: ClientRank[] | null;
  retours?: RetourStatistics;
  /** When the figures were read from the database: the portal serves them again for a while. */
  computed_at: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor_id: number;
  actor_role: string;
  actor_email: string;
  ip: string;
  user_agent: string;
  action: string;
  target_type: string;
  target_id: number;
  client_id: number;
  outcome: string;
  request_id: string;
  summary: string;
}

/** The last verification of the audit log's hash chain (nightly, or portal audit verify). */
export interface AuditChainStatus {
  verified_at: string | null;
  ok: boolean;
  rows: number;
  break: { kind: 'edited' | 'deleted' | 'inserted' | 'truncated' | 'rewritten' | 'no_head'; row: number; detail: string } | null;
}

export interface AuditQuery {
  actor_id?: number | '';
  client_id?: number | '';
  action?: string;
  target_type?: string;
  target_id?: number | '';
  from?: string;
  to?: string;
  page?: number;
  per_page?: number;
}

export type JobOutcome = 'running' | 'success' | 'failure' | 'skipped';

export interface JobRun {
  id: number;
  job: string;
  started_at: string;
  finished_at: string | null;
  outcome: JobOutcome | string;
  details: string;
}

export const reportsApi = {
  projectUrl: (id: number, format: 'pdf' | 'csv') => `${API_BASE}/projects/${id}/report.${format}`,
  clientUrl: (id: number, format: 'pdf' | 'csv') => `${API_BASE}/admin/clients/${id}/report.${format}`,
};

export const adminReportsApi = {
  messages: (p: ExchangeQuery) => api.get<PageOf<Exchange>>(`/admin/messages${query({ ...p })}`),
  messagesCsvUrl: (p: ExchangeQuery) => `${API_BASE}/admin/messages/export.csv${query({ ...p, page: undefined, per_page: undefined })}`,
  statistics: (p: { from?: string; to?: string; client_id?: number | '' }) => api.get<Statistics>(`/admin/statistics${query({ ...p })}`),
  audit: (p: AuditQuery) => api.get<PageOf<AuditEntry>>(`/admin/audit${query({ ...p })}`),
  auditChain: () => api.get<AuditChainStatus>('/admin/audit/chain'),
  auditCsvUrl: (p: AuditQuery) => `${API_BASE}/admin/audit/export.csv${query({ ...p, page: undefined, per_page: undefined })}`,
  jobs: (p: { job?: string; limit?: number } = {}) => api.get<{ items: JobRun[] }>(`/admin/jobs${query({ ...p })}`),
};

// Retours (issue 14, §2): the client's feedback on a project, tracked to closure.
export type RetourKind = 'anomalie' | 'evolution' | 'question';
export type RetourPriority = 'bloquant' | 'majeur' | 'mineur';
export type RetourStatus = 'nouveau' | 'pris_en_compte' | 'en_cours' | 'resolu' | 'cloture' | 'rouvert';
export type RetourSort = 'recent' | 'oldest' | 'priority' | 'updated' | 'status';
export const RETOUR_KINDS: readonly RetourKind[] = ['anomalie', 'evolution', 'question'];
export const RETOUR_PRIORITIES: readonly RetourPriority[] = ['bloquant', 'majeur', 'mineur'];
export const RETOUR_STATUSES: readonly RetourStatus[] = ['nouveau', 'pris_en_compte', 'en_cours', 'resolu', 'rouvert', 'cloture'];
export const RETOUR_SORTS: readonly RetourSort[] = ['recent', 'oldest', 'priority', 'updated', 'status'];
/** A list's total is counted up to this (the server's store.RetourTotalCap): « plus de 1 000 ». */
export const RETOUR_TOTAL_CAP = 1000;

export interface RetourVersion {
  id: number;
  deliverable: string;
  number: number;
}

export interface Retour {
  id: number;
  project_id: number;
  project_name: string;
  client_id: number;
  client_name: string;
  milestone_id: number | null;
  milestone_title: string;
  version: RetourVersion | null;
  task_id: number | null;
  /** The title of the task it is about (a client is never told of an internal one). */
  task_title?: string;
  kind: RetourKind;
  priority: RetourPriority;
  status: RetourStatus;
  title: string;
  description: string;
  opened_by: string;
  opened_role: Role;
  assignee_id: number | null;
  assignee_name: string;
  resolution: string;
  resolved_version: RetourVersion | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  closed_at: string | null;
  reopen_count: number;
  attachments: Attachment[] | null;
  /** How many messages of its thread the reader has not seen (lists; 0 on a retour's page). */
  unread: number;
}

/** What staff set on a retour outside its workflow; a field left out keeps its value (0: nobody in charge). */
export interface RetourTriage {
  priority?: RetourPriority;
  assignee_id?: number;
}

export interface RetourEvent {
  from: RetourStatus | '';
  to: RetourStatus;
  at: string;
  by: string;
  by_role: Role;
  comment: string;
  version_id: number | null;
}

export interface RetourDetail extends Retour {
  history: RetourEvent[];
  /** The states the reader may move it to now. */
  moves: RetourStatus[];
  /** The tasks that answer it (a client sees the visible ones). */
  tasks?: Task[];
}

export interface RetourInput {
  kind: RetourKind;
  priority: RetourPriority;
  title: string;
  description: string;
  milestone_id?: number;
  version_id?: number;
  attachment_ids: number[];
}

export interface RetourQuery {
  status?: RetourStatus | 'ouvert' | '';
  kind?: RetourKind | '';
  priority?: RetourPriority | '';
  milestone_id?: number | '';
  client_id?: number | '';
  project_id?: number | '';
  assignee_id?: number | '';
  age?: number | '';
  sort?: RetourSort;
  page?: number;
  per_page?: number;
}

export interface RetourSpread {
  count: number;
  median_seconds: number;
  p90_seconds: number;
}

export interface RetourStatistics {
  by_month: MonthCount[] | null;
  opened: number;
  resolved: number;
  reopened: number;
  reopen_share: number;
  acknowledge: RetourSpread;
  resolve: RetourSpread;
  open_by_age: { priority: RetourPriority; age: 'lt7' | 'lt30' | 'gte30'; count: number }[] | null;
}

export const retoursApi = {
  list: (projectId: number, p: RetourQuery) => api.get<PageOf<Retour>>(`/projects/${projectId}/retours${query({ ...p })}`),
  csvUrl: (projectId: number, p: RetourQuery) => `${API_BASE}/projects/${projectId}/retours/export.csv${query({ ...p, page: undefined, per_page: undefined })}`,
  open: (projectId: number, input: RetourInput) => api.post<RetourDetail>(`/projects/${projectId}/retours`, input),
  get: (id: number) => api.get<RetourDetail>(`/retours/${id}`),
  move: (id: number, to: RetourStatus, comment = '', versionId?: number) => api.post<RetourDetail>(`/retours/${id}/transition`, { to, comment, version_id: versionId }),
  messages: (id: number, p: { before?: number; limit?: number } = {}) => api.get<Thread>(`/retours/${id}/messages${query({ ...p })}`),
  post: (id: number, body: string, attachmentIds: number[] = [], internal = false) => api.post<Message>(`/retours/${id}/messages`, { body, attachment_ids: attachmentIds, internal }),
  summary: () => api.get<{ open: number; new: number; resolved: number }>('/retours/summary'),
  all: (p: RetourQuery) => api.get<PageOf<Retour>>(`/admin/retours${query({ ...p })}`),
  allCsvUrl: (p: RetourQuery) => `${API_BASE}/admin/retours/export.csv${query({ ...p, page: undefined, per_page: undefined })}`,
  triage: (id: number, change: RetourTriage) => api.patch<RetourDetail>(`/admin/retours/${id}`, change),
};

// « À traiter » (issue 14, §4): what waits for whom. One route; the answer depends on the role.
export interface TodoList<T> {
  items: T[];
  /** The whole list's size, counted up to TODO_TOTAL_CAP. */
  total: number;
}

export interface TodoRetour extends Retour {
  /** Whole working days since the retour's last change. */
  waiting_days: number;
}

export interface ClientTodo {
  versions: TodoList<VersionInContext>;
  resolved: TodoList<TodoRetour>;
  questions: TodoList<TodoRetour>;
}

export interface StaffTodo {
  /** The response delay, in working days (alerts.retour_response_days). */
  delay_days: number;
  new: TodoList<TodoRetour>;
  blocking: TodoList<TodoRetour>;
  late: TodoList<TodoRetour>;
}

/** Past it a list's total is "1000+" (store.WaitingTotalCap). */
export const TODO_TOTAL_CAP = 1000;

export const todoApi = {
  client: () => api.get<{ client: ClientTodo }>('/todo').then((r) => r.client),
  staff: () => api.get<{ staff: StaffTodo }>('/todo').then((r) => r.staff),
};
