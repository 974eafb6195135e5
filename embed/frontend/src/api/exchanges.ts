// ——— Exchanges, notifications, statistics, audit and jobs (C6, C7, A6, A7, X3) ———
import type { PageOf, Role } from './accounts.ts';
import { API_BASE, api, query } from './http.ts';
import type { RetourStatistics } from './retours.ts';

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
