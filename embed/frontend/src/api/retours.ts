// Retours (issue 14, §2): the client's feedback on a project, tracked to closure.
import type { PageOf, Role } from './accounts.ts';
import type { Attachment, Message, MonthCount, Thread } from './exchanges.ts';
import { API_BASE, api, query } from './http.ts';
import type { Task, VersionInContext } from './projects.ts';

export type RetourKind = 'anomalie' | 'evolution' | 'question';
export type RetourPriority = 'bloquant' | 'majeur' | 'mineur';
export type RetourStatus = 'nouveau' | 'pris_en_compte' | 'en_cours' | 'resolu' | 'cloture' | 'rouvert';
export type RetourSort = 'recent' | 'oldest' | 'priority' | 'updated' | 'status';
export const RETOUR_KINDS: readonly RetourKind[] = ['anomalie', 'evolution', 'question'];
export const RETOUR_PRIORITIES: readonly RetourPriority[] = ['bloquant', 'majeur', 'mineur'];
export const RETOUR_STATUSES: readonly RetourStatus[] = ['nouveau', 'pris_en_compte', 'en_cours', 'resolu', 'rouvert', 'cloture'];
export const RETOUR_SORTS: readonly RetourSort[] = ['recent', 'oldest', 'priority', 'updated', 'status'];

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
  /** The whole list's size, counted up to LIST_TOTAL_CAP. */
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

export const todoApi = {
  client: () => api.get<{ client: ClientTodo }>('/todo').then((r) => r.client),
  staff: () => api.get<{ staff: StaffTodo }>('/todo').then((r) => r.staff),
};
