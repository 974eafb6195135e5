import { createContext, startTransition, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, authApi, onApiError, setCsrfToken, type SessionResponse, type User } from '../api.ts';
import i18n, { changeLanguage, isLanguage } from '../i18n/index.ts';

/** A message handed to the sign-in page (after signing out, choosing a password…). */
export interface FlashNotice {
  kind: 'success' | 'info';
  text: string;
}

export type AuthState =
  | { status: 'unknown' }
  | { status: 'loading' }
  | { status: 'authenticated'; user: User }
  /**
   * expired: the server ended the session while the user was on a private page;
   * voluntary: the user signed out (the sign-in page then shows `notice`, and no return address).
   */
  | { status: 'anonymous'; expired?: boolean; voluntary?: boolean; notice?: FlashNotice }
  | { status: 'error'; error: ApiError };

interface AuthContextValue {
  state: AuthState;
  /** Asks the server who is signed in, once (GET /api/v1/auth/session). */
  ensureSession: () => void;
  /** Asks again (after an error). */
  refreshSession: () => void;
  signedIn: (session: SessionResponse) => void;
  /** The user signed out: the private page's guard opens the sign-in page, showing `notice`. */
  signedOut: (notice?: FlashNotice) => void;
  /** Replaces the signed-in user (after a change of name, language, two-factor…). */
  updateUser: (user: User) => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

// The first session check, when started before the first render (startSessionCheck).
let earlyCheck: Promise<SessionResponse> | null = null;

/**
 * Starts the session check at once (main.tsx, before the first render) rather than once the page
 * has rendered and asks for it: the answer is then on its way while the code runs.
 */
export function startSessionCheck(): Promise<SessionResponse> {
  earlyCheck ??= authApi.session();
  // Not unhandled if nobody asks (a page that does not need the session): the error is only read then.
  earlyCheck.catch(() => undefined);
  return earlyCheck;
}

// Once signed in, the account's language wins over the browser's remembered choice. Resolves once
// that language's translations are in (English is fetched when first needed).
function followLanguage(user: User): Promise<unknown> {
  if (isLanguage(user.language) && user.language !== i18n.language) return changeLanguage(user.language);
  return Promise.resolve();
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'unknown' });
  const started = useRef(false);
  const generation = useRef(0);

  const load = useCallback(() => {
    const gen = ++generation.current;
    // (The first check needs no re-render: "unknown" already shows the pages' loading state.)
    setState((s) => (s.status === 'unknown' || s.status === 'loading' ? s : { status: 'loading' }));
    const check = earlyCheck ?? authApi.session();
    earlyCheck = null;
    check.then(
      async (session) => {
        if (gen !== generation.current) return;
        // The private page opens in the account's language, not in another one first.
        await followLanguage(session.user).catch(() => undefined);
        if (gen !== generation.current) return;
        // A transition: the private page is built in short slices (see main.tsx).
        startTransition(() => setState({ status: 'authenticated', user: session.user }));
      },
      (error: unknown) => {
        if (gen !== generation.current) return;
        const next: AuthState =
          error instanceof ApiError && error.status === 401 ? { status: 'anonymous' } : { status: 'error', error: error instanceof ApiError ? error : new ApiError(String(error), 'unexpected', 0) };
        startTransition(() => setState(next));
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
    void followLanguage(session.user);
    setState({ status: 'authenticated', user: session.user });
  }, []);

  const signedOut = useCallback((notice?: FlashNotice) => {
    started.current = true;
    generation.current++;
    setCsrfToken(null);
    setState({ status: 'anonymous', voluntary: true, notice });
  }, []);

  const updateUser = useCallback((user: User) => {
    setState((s) => (s.status === 'authenticated' ? { status: 'authenticated', user } : s));
  }, []);

  // A private request answered 401: the session ended on the server (timeout, password changed
  // elsewhere, account disabled). The guard then sends the user to the sign-in page.
  useEffect(
    () =>
      onApiError((error, path) => {
        if (error.status !== 401 || path.startsWith('/auth/')) return;
        generation.current++;
        setCsrfToken(null);
        setState((s) => (s.status === 'authenticated' ? { status: 'anonymous', expired: true } : s));
      }),
    [],
  );

  const value = useMemo(() => ({ state, ensureSession, refreshSession: load, signedIn, signedOut, updateUser }), [state, ensureSession, load, signedIn, signedOut, updateUser]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}

/** The signed-in user, inside the private pages (RequireAuth guarantees one). */
export function useUser(): User {
  const { state } = useAuth();
  if (state.status !== 'authenticated') throw new Error('useUser outside a signed-in page');
  return state.user;
}
