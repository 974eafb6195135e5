import { lazy, type ComponentType } from 'react';
import {
  ACCOUNT_PATH,
  ADMIN_AUDIT_PATH,
  ADMIN_CLIENTS_PATH,
  ADMIN_EXCHANGES_PATH,
  ADMIN_JOBS_PATH,
  ADMIN_RETOURS_PATH,
  ADMIN_STATISTICS_PATH,
  ADMIN_USERS_PATH,
  HELP_PATH,
  HOME_PATH,
  PROJECTS_PATH,
} from './config.ts';
import { preloadable } from './lib/preloadable.ts';

/**
 * A page of the navigation: the routes (App.tsx) give its address its component, the frame
 * (AppShell) shows a link to it with its label and icon. The icon is named, not imported: the
 * pictures belong to the frame's file, not to the main one every first page downloads.
 */
export interface NavPage {
  path: string;
  /** Translation key of the link's text. */
  label: string;
  icon: NavIconName;
  Page: ComponentType;
  /** Under /admin/: only admins see the link, and the page (RequireAdmin). */
  adminOnly?: boolean;
}

export type NavIconName = 'home' | 'folder' | 'building' | 'users' | 'user' | 'help' | 'flag' | 'chat' | 'chart' | 'list' | 'gear';

// Every page is a file of its own, fetched when first needed; the first pages can be fetched ahead
// at start-up (preloadRoute). The frame of the private pages is declared in App.tsx, not here: it
// reads this table for its links.
export const [SignIn, loadSignIn] = preloadable(() => import('./pages/SignIn.tsx'));
export const [Dashboard, loadDashboard] = preloadable(() => import('./pages/Dashboard.tsx'));
export const [Projects, loadProjects] = preloadable(() => import('./pages/projects/Projects.tsx'));
export const [ProjectDetail, loadProjectDetail] = preloadable(() => import('./pages/projects/ProjectDetail.tsx'));
export const ForgotPassword = lazy(() => import('./pages/ForgotPassword.tsx'));
export const SetPassword = lazy(() => import('./pages/SetPassword.tsx'));
const Account = lazy(() => import('./pages/Account.tsx'));
const Help = lazy(() => import('./pages/Help.tsx'));
export const Guide = lazy(() => import('./pages/help/Guide.tsx'));
const Clients = lazy(() => import('./pages/admin/Clients.tsx'));
export const ClientDetail = lazy(() => import('./pages/admin/ClientDetail.tsx'));
const Users = lazy(() => import('./pages/admin/Users.tsx'));
const Exchanges = lazy(() => import('./pages/admin/Exchanges.tsx'));
const Statistics = lazy(() => import('./pages/admin/Statistics.tsx'));
const Audit = lazy(() => import('./pages/admin/Audit.tsx'));
const Jobs = lazy(() => import('./pages/admin/Jobs.tsx'));
export const NewProject = lazy(() => import('./pages/projects/NewProject.tsx'));
export const RetourPage = lazy(() => import('./pages/retours/RetourPage.tsx'));
const AdminRetours = lazy(() => import('./pages/retours/AdminRetours.tsx'));
export const NotFound = lazy(() => import('./pages/NotFound.tsx'));
export const Forbidden = lazy(() => import('./pages/Forbidden.tsx'));

/** The main links, in their order; a client sees those not adminOnly. */
export const MAIN_PAGES: readonly NavPage[] = [
  { path: HOME_PATH, label: 'nav.dashboard', icon: 'home', Page: Dashboard },
  { path: PROJECTS_PATH, label: 'nav.projects', icon: 'folder', Page: Projects },
  { path: ADMIN_CLIENTS_PATH, label: 'nav.clients', icon: 'building', Page: Clients, adminOnly: true },
  { path: ADMIN_USERS_PATH, label: 'nav.users', icon: 'users', Page: Users, adminOnly: true },
  { path: ACCOUNT_PATH, label: 'nav.account', icon: 'user', Page: Account },
];

/** Set apart below the main links. */
export const HELP_PAGE: NavPage = { path: HELP_PATH, label: 'nav.help', icon: 'help', Page: Help };

/** The admins' follow-up pages: retours, exchanges, statistics, audit log, scheduled jobs. */
export const FOLLOW_UP_PAGES: readonly NavPage[] = [
  { path: ADMIN_RETOURS_PATH, label: 'nav.retours', icon: 'flag', Page: AdminRetours, adminOnly: true },
  { path: ADMIN_EXCHANGES_PATH, label: 'nav.exchanges', icon: 'chat', Page: Exchanges, adminOnly: true },
  { path: ADMIN_STATISTICS_PATH, label: 'nav.statistics', icon: 'chart', Page: Statistics, adminOnly: true },
  { path: ADMIN_AUDIT_PATH, label: 'nav.audit', icon: 'list', Page: Audit, adminOnly: true },
  { path: ADMIN_JOBS_PATH, label: 'nav.jobs', icon: 'gear', Page: Jobs, adminOnly: true },
];
