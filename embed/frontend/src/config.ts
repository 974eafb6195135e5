// Brand settings, in one place. The company name and the logo are settings, not code:
// for now they live here; later they may come from the server's configuration.
export const BRAND = {
  companyName: 'BIGDATA CENTER',
  // File in public/ (served at the site root).
  logoUrl: '/logo.svg',
  // Primary colour (also in src/index.css as --color-brand-700).
  themeColor: '#8B1A1A',
} as const;

// Where a signed-in user lands by default.
export const HOME_PATH = '/tableau-de-bord';
export const SIGN_IN_PATH = '/connexion';
export const FORGOT_PASSWORD_PATH = '/mot-de-passe-oublie';
// Query parameter that keeps the page wanted before sign-in.
export const RETURN_PARAM = 'retour';
// localStorage key of the chosen interface language.
export const LANGUAGE_STORAGE_KEY = 'portail.langue';
export const SET_PASSWORD_PATH = '/definir-mot-de-passe';
export const ACCOUNT_PATH = '/mon-compte';
export const HELP_PATH = '/aide';
export const ADMIN_CLIENTS_PATH = '/admin/clients';
export const ADMIN_USERS_PATH = '/admin/utilisateurs';
export const clientPath = (id: number) => `${ADMIN_CLIENTS_PATH}/${id}`;
// Dates and times are shown in the portal's time zone (a setting, later from the server).
export const TIME_ZONE = 'Europe/Paris';
// Size of a page of the admin lists.
export const PAGE_SIZE = 20;
// Passwords: the server's policy (app/password), told to the user as they type.
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_GOOD_LENGTH = 12;
// Projects (everyone) and their pages.
export const PROJECTS_PATH = '/projets';
export const NEW_PROJECT_PATH = '/projets/nouveau';
export const projectPath = (id: number) => `${PROJECTS_PATH}/${id}`;
export const projectDeliverablesPath = (id: number) => `${PROJECTS_PATH}/${id}/livrables`;
export const retourPath = (projectId: number, id: number) => `${PROJECTS_PATH}/${projectId}/retours/${id}`;
export const ADMIN_RETOURS_PATH = '/admin/retours';
export const RETOURS_ANCHOR = 'retours';
// Dashboards: how many projects, latest deliverables and awaited validations they show.
export const DASHBOARD_PROJECTS = 6;
export const LATEST_DELIVERABLES = 5;
export const PENDING_VALIDATIONS = 8;
// The admins' follow-up pages (A6, A7, X3).
export const ADMIN_EXCHANGES_PATH = '/admin/echanges';
export const ADMIN_STATISTICS_PATH = '/admin/statistiques';
export const ADMIN_AUDIT_PATH = '/admin/journal';
export const ADMIN_JOBS_PATH = '/admin/taches';
// Anchors of sections other pages link to.
export const MESSAGES_ANCHOR = 'messages';
export const NOTIFICATIONS_ANCHOR = 'notifications';
