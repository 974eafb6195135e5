// Test data for the project pages, shaped like the API's answers.
import type { Deliverable, Milestone, Overview, Project, ProjectDetail, Retour, Version, VersionInContext } from '../api.ts';

/** A maker of test data: fresh defaults on every call (no object shared between tests), then the test's own values. */
export function fixture<T>(defaults: () => T) {
  return (overrides: Partial<T> = {}): T => ({ ...defaults(), ...overrides });
}

export const project = fixture<Project>(() => ({
  id: 42,
  client_id: 3,
  client_name: 'Transports Durand',
  name: 'Refonte du site',
  description: 'Nouveau site vitrine.',
  start_date: '2026-11-01',
  deadline: '2027-02-13',
  status: 'en_cours',
  manager_id: 1,
  manager_name: 'Paul Martin',
  progress: { percent: 33, done: 1, total: 3 },
  schedule: 'on_time',
  has_overdue: false,
  is_late: false,
  next_milestone: { title: 'Maquettes', due_date: '2026-12-25' },
  retours_open: 0,
  retours_new: 0,
  retours_resolved: 0,
  created_at: '2026-11-01T08:00:00Z',
  updated_at: '2026-11-20T08:00:00Z',
}));

export const milestone = fixture<Milestone>(() => ({
  id: 100,
  position: 1,
  title: 'Conception',
  description: '',
  due_date: '2026-11-30',
  weight: 1,
  state: 'a_venir',
  overdue: false,
  delivered_at: null,
  delivered_by: '',
  validated_at: null,
  validated_by: '',
  tasks_done: 0,
  tasks_total: 0,
}));

export const threeSteps: Milestone[] = [
  milestone({ id: 100, position: 1, title: 'Conception', state: 'livree', delivered_at: '2026-11-25T13:05:00Z', delivered_by: 'Paul Martin' }),
  milestone({ id: 101, position: 2, title: 'Maquettes', due_date: '2026-12-25' }),
  milestone({ id: 102, position: 3, title: 'Mise en ligne', due_date: '2027-02-08' }),
];

export const detail = fixture<ProjectDetail>(() => ({
  ...project(),
  milestones: threeSteps,
  history: [{ kind: 'delivered', at: '2026-11-25T13:05:00Z', by: 'Paul Martin', milestone_id: 100, task_id: null, title: 'Conception' }],
  weight_total: 3,
  shares: [
    { milestone_id: 100, title: 'Conception', state: 'livree', weight: 1, counted: 100, points: 33.3 },
    { milestone_id: 101, title: 'Maquettes', state: 'a_venir', weight: 1, counted: 0, points: 0 },
    { milestone_id: 102, title: 'Mise en ligne', state: 'a_venir', weight: 1, counted: 0, points: 0 },
  ],
}));

export const SHA = 'a3f1c2d4e5b6978812345678901234567890abcdefabcdefabcdef0123456789';

export const version = fixture<Version>(() => ({
  id: 500,
  number: 1,
  file_name: 'maquettes.pdf',
  content_type: 'application/pdf',
  size: 1572864,
  sha256: SHA,
  note: '',
  status: 'en_attente',
  uploaded_by: 'Paul Martin',
  uploaded_at: '2026-11-25T13:05:00Z',
  decided_at: null,
  decisions: [],
}));

export const deliverable = fixture<Deliverable>(() => ({
  id: 300,
  project_id: 42,
  milestone_id: 101,
  milestone_title: 'Maquettes',
  title: 'Maquettes graphiques',
  latest_version: 1,
  updated_at: '2026-11-25T13:05:00Z',
  versions: [version()],
}));

export const inContext = fixture<VersionInContext>(() => ({
  ...version(),
  deliverable_id: 300,
  deliverable_title: 'Maquettes graphiques',
  project_id: 42,
  project_name: 'Refonte du site',
  client_name: 'Transports Durand',
  waiting_seconds: 0,
}));

export const overview = fixture<Overview>(() => ({
  active_clients: 6,
  projects_by_status: { en_cours: 7, en_pause: 2, termine: 3 },
  late_projects: 1,
  projects_at_risk: 2,
  overdue_milestones: 1,
  retours_open: 3,
  retours_new: 1,
  retours_resolved: 1,
  overdue_list: [{ milestone_id: 9, title: 'Recette', due_date: '2026-11-20', project_id: 43, project_name: 'Application mobile', client_id: 4, client_name: 'Société Alpha' }],
  late_list: [project({ id: 43, name: 'Application mobile', client_name: 'Société Alpha', deadline: '2026-11-22', schedule: 'late', is_late: true })],
}));

export const retour = fixture<Retour>(() => ({
  id: 12,
  project_id: 42,
  project_name: 'Refonte du site',
  client_id: 7,
  client_name: 'ACME',
  milestone_id: null,
  milestone_title: '',
  version: null,
  task_id: null,
  kind: 'anomalie',
  priority: 'majeur',
  status: 'resolu',
  title: 'Le menu ne s’ouvre pas',
  description: '',
  opened_by: 'Marie Dupont',
  opened_role: 'client',
  assignee_id: null,
  assignee_name: '',
  resolution: 'Corrigé en v2',
  resolved_version: { id: 501, deliverable: 'Maquettes graphiques', number: 2 },
  created_at: '2026-12-01T10:00:00Z',
  updated_at: '2026-12-02T10:00:00Z',
  resolved_at: '2026-12-02T10:00:00Z',
  closed_at: null,
  reopen_count: 0,
  attachments: [],
  unread: 0,
}));
