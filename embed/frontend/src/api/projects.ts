// ——— Projects, milestones and deliverables (C2-C5, A1, A3, A5, X6) ———
import type { PageOf, Role } from './accounts.ts';
import { API_BASE, api, query } from './http.ts';

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
