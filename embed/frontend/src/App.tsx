import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AuthProvider } from './auth/AuthContext.tsx';
import { RequireAuth } from './auth/RequireAuth.tsx';
import { PageLoading } from './components/PageLoading.tsx';
import { FORGOT_PASSWORD_PATH, HOME_PATH, SIGN_IN_PATH } from './config.ts';
import SignIn from './pages/SignIn.tsx';

// Sign-in is the first page most visitors see: it is in the main bundle. Every other
// page is loaded when first needed.
const ForgotPassword = lazy(() => import('./pages/ForgotPassword.tsx'));
const Dashboard = lazy(() => import('./pages/Dashboard.tsx'));
const NotFound = lazy(() => import('./pages/NotFound.tsx'));

export function AppRoutes() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route path="/" element={<Navigate to={HOME_PATH} replace />} />
        <Route path={SIGN_IN_PATH} element={<SignIn />} />
        <Route path={FORGOT_PASSWORD_PATH} element={<ForgotPassword />} />
        <Route element={<RequireAuth />}>
          <Route path={HOME_PATH} element={<Dashboard />} />
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
