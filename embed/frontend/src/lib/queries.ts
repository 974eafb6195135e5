// Server state (TanStack Query): every query key and the request behind it, in one place. Pages
// call useQuery(projectQueries.detail(id)) and never build a key by hand, so that a change (a
// mutation, a live event: see live.tsx) can invalidate exactly what it touched by key prefix:
//
//   ['projects', 'list', query]            the lists of /projets and the client's dashboard
//   ['project', id]                        a project page; ['project', id, 'deliverables'] beneath it
//   ['messages', projectId]                a conversation (kept apart: a project change does not reload it)
//   ['admin', ...]                         what only admins read (clients, users, overview, reports)
import { infiniteQueryOptions, keepPreviousData, QueryClient, queryOptions, useQueryClient } from '@tanstack/react-query';
import {
  adminApi,
  adminProjectsApi,
  tasksApi,
  adminReportsApi,
  messagesApi,
  projectsApi,
  retoursApi,
  todoApi,
  toApiError,
  type ApiError,
  type AuditQuery,
  type Client,
  type ClientQuery,
  type ExchangeQuery,
  type ProjectDetail,
  type ProjectQuery,
  type RetourQuery,
  type Thread,
  type User,
  type UserQuery,
} from '../api.ts';

const PER_PAGE = 100;
const MAX_PAGES = 50;

/** Every active client company, by name (for the selects of the admin's filters and forms). */
async function loadAllClients(): Promise<Client[]> {
  const all: Client[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await adminApi.clients({ archived: false, page, per_page: PER_PAGE });
    all.push(...res.items);
    if (res.items.length === 0 || all.length >= res.total) break;
  }
  return all;
}

/** The staff who can be in charge of a project (active admins). */
async function loadStaff(): Promise<User[]> {
  const all: User[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await adminApi.users({ role: 'admin', page, per_page: PER_PAGE });
    all.push(...res.items.filter((u) => !u.disabled));
    if (res.items.length === 0 || page * PER_PAGE >= res.total) break;
  }
  return all;
}

/** How many messages a conversation loads at a time. */
export const MESSAGES_PAGE = 30;

export const queryKeys = {
  projects: ['projects'] as const,
  projectList: (q: ProjectQuery) => ['projects', 'list', q] as const,
  latestVersions: (limit: number) => ['projects', 'latest-versions', limit] as const,
  project: (id: number) => ['project', id] as const,
  deliverables: (id: number) => ['project', id, 'deliverables'] as const,
  tasks: (id: number) => ['project', id, 'tasks'] as const,
  messages: (projectId: number) => ['messages', projectId] as const,
  admin: ['admin'] as const,
  clients: ['admin', 'clients'] as const,
  clientList: (q: ClientQuery) => ['admin', 'clients', 'list', q] as const,
  allClients: ['admin', 'clients', 'all'] as const,
  client: (id: number) => ['admin', 'clients', id] as const,
  users: ['admin', 'users'] as const,
  userList: (q: UserQuery) => ['admin', 'users', 'list', q] as const,
  staff: ['admin', 'users', 'staff'] as const,
  authors: ['admin', 'users', 'authors'] as const,
  overview: ['admin', 'overview'] as const,
  allPendingVersions: ['admin', 'pending-versions'] as const,
  pendingVersions: (limit: number) => ['admin', 'pending-versions', limit] as const,
  versionDownloads: (id: number) => ['admin', 'version-downloads', id] as const,
  allExchanges: ['admin', 'exchanges'] as const,
  exchanges: (q: ExchangeQuery) => ['admin', 'exchanges', q] as const,
  statistics: (q: { from: string; to: string; client_id: number | '' }) => ['admin', 'statistics', q] as const,
  audit: (q: AuditQuery) => ['admin', 'audit', q] as const,
  auditChain: ['admin', 'audit-chain'] as const,
  jobs: (job: string) => ['admin', 'jobs', job] as const,
  todo: ['todo'] as const,
  /** Every list of retours (a project's, the staff's): their unread counts and states move together. */
  retours: ['retours'] as const,
  retourList: (scope: number | 'all', q: RetourQuery) => ['retours', scope, q] as const,
};

export const mutationKeys = {
  postMessage: (projectId: number) => ['post-message', projectId] as const,
};

// A paginated list keeps showing its current page while the next one loads (no skeleton flash).
const paged = { placeholderData: keepPreviousData };

/** A project's retours (scope: its id), or every project's for the staff ('all'). */
export const retourQueries = {
  list: (scope: number | 'all', q: RetourQuery) =>
    queryOptions({ queryKey: queryKeys.retourList(scope, q), queryFn: () => (scope === 'all' ? retoursApi.all(q) : retoursApi.list(scope, q)), ...paged }),
};

export const projectQueries = {
  list: (q: ProjectQuery) => queryOptions({ queryKey: queryKeys.projectList(q), queryFn: () => projectsApi.list(q), ...paged }),
  latestVersions: (limit: number) => queryOptions({ queryKey: queryKeys.latestVersions(limit), queryFn: () => projectsApi.latestVersions(limit) }),
  detail: (id: number) => queryOptions({ queryKey: queryKeys.project(id), queryFn: () => projectsApi.get(id) }),
  deliverables: (id: number) => queryOptions({ queryKey: queryKeys.deliverables(id), queryFn: () => projectsApi.deliverables(id) }),
  tasks: (id: number) => queryOptions({ queryKey: queryKeys.tasks(id), queryFn: () => tasksApi.all(id) }),
};

/** « À traiter »: what waits for the signed-in client, or for the staff (one route, by role). */
export const todoQueries = {
  client: () => queryOptions({ queryKey: [...queryKeys.todo, 'client'] as const, queryFn: () => todoApi.client() }),
  staff: () => queryOptions({ queryKey: [...queryKeys.todo, 'staff'] as const, queryFn: () => todoApi.staff() }),
};

export const adminQueries = {
  clients: (q: ClientQuery) => queryOptions({ queryKey: queryKeys.clientList(q), queryFn: () => adminApi.clients(q), ...paged }),
  allClients: () => queryOptions({ queryKey: queryKeys.allClients, queryFn: loadAllClients }),
  client: (id: number) => queryOptions({ queryKey: queryKeys.client(id), queryFn: () => adminApi.client(id) }),
  users: (q: UserQuery) => queryOptions({ queryKey: queryKeys.userList(q), queryFn: () => adminApi.users(q), ...paged }),
  staff: () => queryOptions({ queryKey: queryKeys.staff, queryFn: loadStaff }),
  /** The first hundred accounts, for the author and actor selects of the follow-up pages. */
  authors: () => queryOptions({ queryKey: queryKeys.authors, queryFn: () => adminApi.users({ per_page: 100 }).then((r) => r.items) }),
  overview: () => queryOptions({ queryKey: queryKeys.overview, queryFn: adminProjectsApi.overview }),
  pendingVersions: (limit: number) => queryOptions({ queryKey: queryKeys.pendingVersions(limit), queryFn: () => adminProjectsApi.pendingVersions(limit) }),
  versionDownloads: (id: number) => queryOptions({ queryKey: queryKeys.versionDownloads(id), queryFn: () => adminProjectsApi.versionDownloads(id) }),
  exchanges: (q: ExchangeQuery) => queryOptions({ queryKey: queryKeys.exchanges(q), queryFn: () => adminReportsApi.messages(q), ...paged }),
  statistics: (q: { from: string; to: string; client_id: number | '' }) => queryOptions({ queryKey: queryKeys.statistics(q), queryFn: () => adminReportsApi.statistics(q), ...paged }),
  audit: (q: AuditQuery) => queryOptions({ queryKey: queryKeys.audit(q), queryFn: () => adminReportsApi.audit(q), ...paged }),
  auditChain: () => queryOptions({ queryKey: queryKeys.auditChain, queryFn: adminReportsApi.auditChain }),
  jobs: (job: string) => queryOptions({ queryKey: queryKeys.jobs(job), queryFn: () => adminReportsApi.jobs({ job, limit: 100 }) }),
};

/**
 * The cache key of a thread: a project's conversation, or one of its retours' threads, under the
 * conversation's key so that what reloads the project's messages reloads its threads too.
 */
export const threadKey = (projectId: number, retourId?: number) => (retourId ? ([...queryKeys.messages(projectId), 'retour', retourId] as const) : queryKeys.messages(projectId));

export const messageQueries = {
  /** A conversation (or a retour's thread), a page at a time: the newest messages first, then the ones before the oldest loaded. */
  thread: (projectId: number, retourId?: number) =>
    infiniteQueryOptions({
      queryKey: threadKey(projectId, retourId),
      queryFn: ({ pageParam }): Promise<Thread> =>
        retourId ? retoursApi.messages(retourId, { before: pageParam, limit: MESSAGES_PAGE }) : messagesApi.list(projectId, { before: pageParam, limit: MESSAGES_PAGE }),
      initialPageParam: undefined as number | undefined,
      getNextPageParam: (last) => (last.has_more && last.items?.length ? last.items[0].id : undefined),
    }),
};

/**
 * Changes to a project from its page. `set`: the API answered the whole project as it is now
 * (steps, progress): the page shows it without asking again, and the lists reload. `changed`:
 * something under the project changed (deliverables, decisions): the page and lists reload.
 */
export function useProjectChanges() {
  const client = useQueryClient();
  return {
    set: (project: ProjectDetail) => {
      client.setQueryData(queryKeys.project(project.id), project);
      void client.invalidateQueries({ queryKey: queryKeys.projects });
    },
    changed: (id: number) => {
      void client.invalidateQueries({ queryKey: queryKeys.project(id) });
      void client.invalidateQueries({ queryKey: queryKeys.projects });
    },
  };
}

/** The error of the first failed query among `queries`, as an ApiError to show; null if none failed. */
export function errorOf(...queries: { error: unknown }[]): ApiError | null {
  const failed = queries.find((q) => q.error);
  return failed ? toApiError(failed.error) : null;
}

/**
 * The client of one signed-in session (made by AppShell, dropped at sign-out with everything it
 * holds). No automatic retry and no refetch on window focus: as before, a failed load shows its
 * error with a retry button, and live events (live.tsx) keep what is on screen current. Data
 * stays fresh for two seconds: two parts of a page that mount one after the other (the project
 * page, then its deliverables) share one request, while coming back to a page later asks again.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 2_000 },
      mutations: { retry: false },
    },
  });
}

// The client made before the frame mounts, for the data of the first page, requested as soon as
// the session says whose page it is (App.tsx's preloadRoute) rather than once the page has been
// built (then every request starts in the same task as the page's effects, a long one on a phone).
// AppShell adopts it at its first mount; after that none is made again in this visit, so that the
// next account signed in on this browser never gets one filled for the previous one.
let early: QueryClient | null = null;
let adopted = false;

/** The client the first page's data may be requested with, or null once the frame has mounted. */
export function earlyQueryClient(): QueryClient | null {
  if (adopted) return null;
  early ??= createQueryClient();
  return early;
}

/** The client of a new frame: the early one the first time, if made, else a new one. */
export function adoptQueryClient(): QueryClient {
  adopted = true;
  const client = early ?? createQueryClient();
  early = null;
  return client;
}
