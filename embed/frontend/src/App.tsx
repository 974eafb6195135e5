import { Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthProvider, startSessionCheck } from './auth/AuthContext.tsx';
import { RequireAdmin } from './auth/RequireAdmin.tsx';
import { RequireAuth } from './auth/RequireAuth.tsx';
import { PageLoading } from './components/PageLoading.tsx';
import { ADMIN_CLIENTS_PATH, FORGOT_PASSWORD_PATH, HELP_PATH, HOME_PATH, NEW_PROJECT_PATH, PROJECTS_PATH, SET_PASSWORD_PATH, SIGN_IN_PATH } from './config.ts';
import { preloadable } from './lib/preloadable.ts';
import {
  ClientDetail,
  FOLLOW_UP_PAGES,
  Forbidden,
  ForgotPassword,
  Guide,
  HELP_PAGE,
  loadDashboard,
  loadProjectDetail,
  loadProjects,
  loadSignIn,
  MAIN_PAGES,
  NewProject,
  NotFound,
  ProjectDetail,
  RetourPage,
  SetPassword,
  SignIn,
} from './pageTable.ts';

// Every page, and the frame of the private pages, is a file of its own, fetched at start-up for
// the page opened (preloadRoute) and otherwise when first needed. Sign-in too: in the main file,
// it was downloaded by every signed-in visitor's dashboard as well. The pages are in pageTable.ts;
// the frame reads that table for its links.
const [AppShell, loadAppShell] = preloadable(() => import('./components/AppShell.tsx'));

// The navigation's pages: the admins' ones go under /admin/*, behind RequireAdmin.
const NAV_PAGES = [...MAIN_PAGES, HELP_PAGE, ...FOLLOW_UP_PAGES];

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
            {NAV_PAGES.filter((p) => !p.adminOnly).map(({ path, Page }) => (
              <Route key={path} path={path} element={<Page />} />
            ))}
            <Route path={`${HELP_PATH}/:guide`} element={<Guide />} />
            <Route element={<RequireAdmin />}>
              <Route path={NEW_PROJECT_PATH} element={<NewProject />} />
            </Route>
            <Route path={`${PROJECTS_PATH}/:id`} element={<ProjectDetail />} />
            <Route path={`${PROJECTS_PATH}/:id/livrables`} element={<ProjectDetail section="livrables" />} />
            <Route path={`${PROJECTS_PATH}/:id/retours/:rid`} element={<RetourPage />} />
            <Route path="/admin/*" element={<RequireAdmin />}>
              {NAV_PAGES.filter((p) => p.adminOnly).map(({ path, Page }) => (
                <Route key={path} path={adminChild(path)} element={<Page />} />
              ))}
              <Route path={`${adminChild(ADMIN_CLIENTS_PATH)}/:id`} element={<ClientDetail />} />
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
