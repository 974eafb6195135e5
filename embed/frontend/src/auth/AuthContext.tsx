import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, authApi, setCsrfToken, type SessionResponse, type User } from '../api.ts';

export type AuthState =
  | { status: 'unknown' }
  | { status: 'loading' }
  | { status: 'authenticated'; user: User }
  | { status: 'anonymous' }
  | { status: 'error'; error: ApiError };

interface AuthContextValue {
  state: AuthState;
  /** Asks the server who is signed in, once (GET /api/v1/auth/session). */
  ensureSession: () => void;
  /** Asks again (after an error). */
  refreshSession: () => void;
  signedIn: (session: SessionResponse) => void;
  signedOut: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'unknown' });
  const started = useRef(false);
  const generation = useRef(0);

  const load = useCallback(() => {
    const gen = ++generation.current;
    setState({ status: 'loading' });
    authApi.session().then(
      (session) => {
        if (gen === generation.current) setState({ status: 'authenticated', user: session.user });
      },
      (error: unknown) => {
        if (gen !== generation.current) return;
        if (error instanceof ApiError && error.status === 401) {
          setState({ status: 'anonymous' });
        } else {
          setState({ status: 'error', error: error instanceof ApiError ? error : new ApiError(String(error), 'unexpected', 0) });
        }
      },
    );
  }, []);

  const ensureSession = useCallback(() => {
    if (started.current) return;
    started.current = true;
    load();
  }, [load]);

  const signedIn = useCallback((session: SessionResponse) => {
    started.current = true;
    generation.current++;
    setCsrfToken(session.csrf_token);
    setState({ status: 'authenticated', user: session.user });
  }, []);

  const signedOut = useCallback(() => {
    started.current = true;
    generation.current++;
    setCsrfToken(null);
    setState({ status: 'anonymous' });
  }, []);

  const value = useMemo(
    () => ({ state, ensureSession, refreshSession: load, signedIn, signedOut }),
    [state, ensureSession, load, signedIn, signedOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}
