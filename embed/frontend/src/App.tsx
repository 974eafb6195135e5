import { createElement, lazy, Suspense, useState, type ComponentType } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthProvider, startSessionCheck } from './auth/AuthContext.tsx';
import { RequireAdmin } from './auth/RequireAdmin.tsx';
import { RequireAuth } from './auth/RequireAuth.tsx';
import { PageLoading } from './components/PageLoading.tsx';
import {
  ACCOUNT_PATH,
  ADMIN_AUDIT_PATH,
  ADMIN_CLIENTS_PATH,
  ADMIN_EXCHANGES_PATH,
  ADMIN_JOBS_PATH,
  ADMIN_RETOURS_PATH,
  ADMIN_STATISTICS_PATH,
  ADMIN_USERS_PATH,
  FORGOT_PASSWORD_PATH,
  HELP_PATH,
  HOME_PATH,
  NEW_PROJECT_PATH,
  PROJECTS_PATH,
  SET_PASSWORD_PATH,
  SIGN_IN_PATH,
} from './config.ts';

/**
 * React.lazy for a page whose code may be fetched ahead (preloadRoute): once that code is in, the
 * page renders at once instead of suspending for a moment and rendering again.
 */
function preloadable<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  let loaded: ComponentType<P> | undefined;
  const fetchCode = () =>
    load().then((m) => {
      loaded = m.default;
      return m;
    });
  const Lazy = lazy(fetchCode);
  function Page(props: P) {
    // Chosen once per mount: switching from one to the other would mount the page afresh.
    const [Direct] = useState(() => loaded);
    return Direct ? createElement(Direct, props) : createElement(Lazy, props);
  }
  return [Page, fetchCode] as const;
}

// Every page, and the frame of the private pages, is a file of its own, fetched at start-up for
// the page opened (preloadRoute) and otherwise when first needed. Sign-in too: in the main file,
// it was downloaded by every signed-in visitor's dashboard as well.
const [SignIn, loadSignIn] = preloadable(() => import('./pages/SignIn.tsx'));
const [AppShell, loadAppShell] = preloadable(() => import('./components/AppShell.tsx'));
const [Dashboard, loadDashboard] = preloadable(() => import('./pages/Dashboard.tsx'));
const [Projects, loadProjects] = preloadable(() => import('./pages/projects/Projects.tsx'));
const [ProjectDetail, loadProjectDetail] = preloadable(() => import('./pages/projects/ProjectDetail.tsx'));
const ForgotPassword = lazy(() => import('./pages/ForgotPassword.tsx'));
const SetPassword = lazy(() => import('./pages/SetPassword.tsx'));
const Account = lazy(() => import('./pages/Account.tsx'));
const Help = lazy(() => import('./pages/Help.tsx'));
const Guide = lazy(() => import('./pages/help/Guide.tsx'));
const Clients = lazy(() => import('./pages/admin/Clients.tsx'));
const ClientDetail = lazy(() => import('./pages/admin/ClientDetail.tsx'));
const Users = lazy(() => import('./pages/admin/Users.tsx'));
const Exchanges = lazy(() => import('./pages/admin/Exchanges.tsx'));
const Statistics = lazy(() => import('./pages/admin/Statistics.tsx'));
const Audit = lazy(() => import('./pages/admin/Audit.tsx'));
const Jobs = lazy(() => import('./pages/admin/Jobs.tsx'));
const NewProject = lazy(() => import('./pages/projects/NewProject.tsx'));
const RetourPage = lazy(() => import('./pages/retours/RetourPage.tsx'));
const AdminRetours = lazy(() => import('./pages/retours/AdminRetours.tsx'));
const NotFound = lazy(() => import('./pages/NotFound.tsx'));
const Forbidden = lazy(() => import('./pages/Forbidden.tsx'));

const PUBLIC_PATHS = new Set([SIGN_IN_PATH, FORGOT_PASSWORD_PATH, SET_PASSWORD_PATH]);

/**
 * Starts what the page at `pathname` opens with: the session check, and for a private page the
 * code of the frame and, for the most visited pages, of the page itself. Called once at start-up,
 * so that all of it loads at the same time rather than one after the other.
 */
export function preloadRoute(pathname: string) {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  // The sign-in page and every private page check the session first.
  const session = path === SIGN_IN_PATH || !PUBLIC_PATHS.has(path) ? startSessionCheck() : null;
  if (path === SIGN_IN_PATH) loadSignIn().catch(() => undefined);
  if (PUBLIC_PATHS.has(path) || !session) return;
  const loaders: (() => Promise<unknown>)[] = [loadAppShell];
  if (path === '/' || path === HOME_PATH) {
    loaders.push(loadDashboard);
    // Its data too, once the session says whose dashboard it is: in a task of its own, not with
    // the effects of the page just built.
    Promise.all([session, import('./pages/Dashboard.tsx')])
      .then(([s, m]) => m.prefetchDashboard(s.user))
      .catch(() => undefined);
  } else if (path === PROJECTS_PATH) loaders.push(loadProjects);
  else if (path.startsWith(`${PROJECTS_PATH}/`) && path !== NEW_PROJECT_PATH && !path.includes('/retours/')) loaders.push(loadProjectDetail);
  // A failure here is not reported: it shows, as before, when the page itself asks for that code.
  for (const load of loaders) load().catch(() => undefined);
}

// "/admin/clients" → "clients", the path under the /admin/* route.
const adminChild = (path: string) => path.slice('/admin/'.length);

export function AppRoutes() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route path="/" element={<Navigate to={HOME_PATH} replace />} />
        <Route path={SIGN_IN_PATH} element={<SignIn />} />
        <Route path={FORGOT_PASSWORD_PATH} element={<ForgotPassword />} />
        <Route path={SET_PASSWORD_PATH} element={<SetPassword />} />
        <Route element={<RequireAuth />}>
          <Route element={<AppShell />}>
            <Route path={HOME_PATH} element={<Dashboard />} />
            <Route path={ACCOUNT_PATH} element={<Account />} />
            <Route path={HELP_PATH} element={<Help />} />
            <Route path={`${HELP_PATH}/:guide`} element={<Guide />} />
            <Route path={PROJECTS_PATH} element={<Projects />} />
            <Route element={<RequireAdmin />}>
              <Route path={NEW_PROJECT_PATH} element={<NewProject />} />
            </Route>
            <Route path={`${PROJECTS_PATH}/:id`} element={<ProjectDetail />} />
            <Route path={`${PROJECTS_PATH}/:id/livrables`} element={<ProjectDetail section="livrables" />} />
            <Route path={`${PROJECTS_PATH}/:id/retours/:rid`} element={<RetourPage />} />
            <Route path="/admin/*" element={<RequireAdmin />}>
              <Route path={adminChild(ADMIN_CLIENTS_PATH)} element={<Clients />} />
              <Route path={`${adminChild(ADMIN_CLIENTS_PATH)}/:id`} element={<ClientDetail />} />
              <Route path={adminChild(ADMIN_USERS_PATH)} element={<Users />} />
              <Route path={adminChild(ADMIN_EXCHANGES_PATH)} element={<Exchanges />} />
              <Route path={adminChild(ADMIN_RETOURS_PATH)} element={<AdminRetours />} />
              <Route path={adminChild(ADMIN_STATISTICS_PATH)} element={<Statistics />} />
              <Route path={adminChild(ADMIN_AUDIT_PATH)} element={<Audit />} />
              <Route path={adminChild(ADMIN_JOBS_PATH)} element={<Jobs />} />
              <Route path="*" element={<Forbidden />} />
            </Route>
          </Route>
        </Route>
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}

export default function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <AppRoutes />
      </AuthProvider>
    </BrowserRouter>
  );
}
