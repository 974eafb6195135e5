import { lazy } from 'react';
import { Outlet } from 'react-router';
import { useUser } from './AuthContext.tsx';

const Forbidden = lazy(() => import('../pages/Forbidden.tsx'));

// Admin pages: a client user gets the French "page not found" in their own frame, and the admin
// page is never loaded, so it asks the API for nothing. (The API refuses them anyway.)
export function RequireAdmin() {
  const user = useUser();
  return user.role === 'admin' ? <Outlet /> : <Forbidden />;
}
