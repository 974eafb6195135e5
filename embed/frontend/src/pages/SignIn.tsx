import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Link } from '../components/Link.tsx';
import { useTranslation } from '../i18n/index.ts';
import { authApi, isTwoFactorRequired, toApiError, type ApiError } from '../api.ts';
import { useAuth, type FlashNotice } from '../auth/AuthContext.tsx';
import { safeReturnPath } from '../auth/returnPath.ts';
import { AuthLayout } from '../components/AuthLayout.tsx';
import { AccountEmailField } from '../components/AccountEmailField.tsx';
import { FormField } from '../components/FormField.tsx';
import { LiveAlert } from '../components/LiveAlert.tsx';
import { Notice } from '../components/Notice.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { TotpCodeField } from '../components/TotpCodeField.tsx';
import { FORGOT_PASSWORD_PATH, RETURN_PARAM } from '../config.ts';
import { usePageMeta } from '../pageMeta.ts';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Recovery codes look like "k3f9-x2m4" (the dash is optional).
const RECOVERY_RE = /^[a-z0-9]{4}-?[a-z0-9]{4}$/;

/** What another page can hand over to the sign-in page (router state). */
export interface SignInState {
  notice?: FlashNotice;
  email?: string;
}

export default function SignIn() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.title'), description: t('app.description'), indexable: true });

  const auth = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const returnTo = safeReturnPath(params.get(RETURN_PARAM));
  const handed = (useLocation().state ?? {}) as SignInState;

  const [step, setStep] = useState<'credentials' | 'totp'>('credentials');
  const [email, setEmail] = useState(handed.email ?? '');
  const [notice, setNotice] = useState(handed.notice);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string; code?: string }>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);

  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  // Already signed in (e.g. a bookmark on /connexion): go straight on.
  const { ensureSession } = auth;
  useEffect(() => {
    ensureSession();
  }, [ensureSession]);

  useEffect(() => {
    if (step === 'totp') codeRef.current?.focus();
  }, [step, recovery]);

  // Arriving with the address filled in (after choosing a password): the password is next.
  useEffect(() => {
    if (handed.email) passwordRef.current?.focus();
  }, [handed.email]);

  if (auth.state.status === 'authenticated') return <Navigate to={returnTo} replace />;

  async function submitCredentials(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (loading) return;
    const trimmed = email.trim();
    const errors: typeof fieldErrors = {};
    if (!trimmed) errors.email = t('validation.emailRequired');
    else if (!EMAIL_RE.test(trimmed)) errors.email = t('validation.emailInvalid');
    if (!password) errors.password = t('validation.passwordRequired');
    setFieldErrors(errors);
    setError(null);
    setNotice(undefined);
    if (errors.email) return emailRef.current?.focus();
    if (errors.password) return passwordRef.current?.focus();

    setLoading(true);
    try {
      const result = await authApi.login(trimmed, password);
      if (isTwoFactorRequired(result)) {
        setLoading(false);
        setStep('totp');
        return;
      }
      auth.signedIn(result);
      navigate(returnTo, { replace: true });
    } catch (e) {
      setError(toApiError(e));
      setLoading(false);
    }
  }

  async function submitCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (loading) return;
    const value = recovery ? code.trim().toLowerCase() : code.replace(/\s/g, '');
    setError(null);
    if (recovery ? !RECOVERY_RE.test(value) : !/^\d{6}$/.test(value)) {
      setFieldErrors({ code: t(recovery ? 'validation.recoveryInvalid' : 'validation.codeInvalid') });
      codeRef.current?.focus();
      return;
    }
    setFieldErrors({});
    setLoading(true);
    try {
      const session = await authApi.loginTotp(value);
      auth.signedIn(session);
      navigate(returnTo, { replace: true });
    } catch (e) {
      const err = toApiError(e);
      setLoading(false);
      if (err.code === 'mfa_expired') {
        // The pending sign-in is gone: start again from the password, saying why.
        restart();
      }
      setError(err);
    }
  }

  function toggleRecovery() {
    setRecovery((r) => !r);
    setCode('');
    setError(null);
    setFieldErrors({});
  }

  function restart() {
    setStep('credentials');
    setRecovery(false);
    setCode('');
    setPassword('');
    setError(null);
    setFieldErrors({});
  }

  return (
    <AuthLayout>
      {step === 'credentials' ? (
        <>
          <h1 className="text-2xl font-bold tracking-tight text-gray-900 sm:text-3xl">{t('signIn.heading')}</h1>
          <p className="mt-2 mb-6 text-gray-700">{t('signIn.intro')}</p>
          <div role="status">
            {notice && (
              <div className="mb-6">
                <Notice kind={notice.kind}>{notice.text}</Notice>
              </div>
            )}
          </div>
          <LiveAlert error={error} />
          <form noValidate onSubmit={submitCredentials} className="space-y-5">
            <AccountEmailField value={email} onChange={setEmail} error={fieldErrors.email} inputRef={emailRef} />
            <PasswordField
              label={t('signIn.password')}
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={fieldErrors.password}
              inputRef={passwordRef}
            />
            <div className="-mt-2 flex justify-end">
              <Link
                to={FORGOT_PASSWORD_PATH}
                className="inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline decoration-brand-300 underline-offset-4 hover:text-brand-800 hover:decoration-brand-700"
              >
                {t('signIn.forgot')}
              </Link>
            </div>
            <SubmitButton loading={loading} loadingLabel={t('signIn.submitting')}>
              {t('signIn.submit')}
            </SubmitButton>
          </form>
          <p className="mt-8 border-t border-gray-200 pt-6 text-sm text-gray-600">{t('signIn.noAccount')}</p>
        </>
      ) : (
        <>
          <h1 className="text-2xl font-bold tracking-tight text-gray-900 sm:text-3xl">{t('signIn.totpHeading')}</h1>
          <p className="mt-2 mb-6 text-gray-700">{t(recovery ? 'signIn.recoveryIntro' : 'signIn.totpIntro')}</p>
          <LiveAlert error={error} />
          <form noValidate onSubmit={submitCode} className="space-y-5">
            {recovery ? (
              <FormField
                key="recovery"
                label={t('signIn.recoveryCode')}
                hint={t('signIn.recoveryHint')}
                name="recovery-code"
                type="text"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                maxLength={12}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                error={fieldErrors.code}
                inputRef={codeRef}
                className="[&_input]:font-mono [&_input]:text-lg"
              />
            ) : (
              <TotpCodeField
                key="totp"
                name="code"
                value={code}
                onChange={setCode}
                error={fieldErrors.code}
                inputRef={codeRef}
                className="[&_input]:text-center [&_input]:font-mono [&_input]:text-2xl [&_input]:tracking-[0.5em]"
              />
            )}
            <SubmitButton loading={loading} loadingLabel={t('signIn.totpSubmitting')}>
              {t('signIn.totpSubmit')}
            </SubmitButton>
          </form>
          <div className="mt-4 flex flex-wrap justify-between gap-x-6">
            <button
              type="button"
              onClick={toggleRecovery}
              className="inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline decoration-brand-300 underline-offset-4 hover:text-brand-800"
            >
              {t(recovery ? 'signIn.useApp' : 'signIn.useRecovery')}
            </button>
            <button
              type="button"
              onClick={restart}
              className="inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline decoration-brand-300 underline-offset-4 hover:text-brand-800"
            >
              {t('signIn.backToSignIn')}
            </button>
          </div>
        </>
      )}
    </AuthLayout>
  );
}
