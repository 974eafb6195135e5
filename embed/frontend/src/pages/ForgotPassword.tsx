import { useRef, useState, type FormEvent } from 'react';
import { Link } from '../components/Link.tsx';
import { useTranslation } from '../i18n/index.ts';
import { ApiError, authApi } from '../api.ts';
import { AuthLayout } from '../components/AuthLayout.tsx';
import { AccountEmailField } from '../components/AccountEmailField.tsx';
import { CheckCircleIcon } from '../components/icons.tsx';
import { LiveAlert } from '../components/LiveAlert.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { SIGN_IN_PATH } from '../config.ts';
import { usePageMeta } from '../pageMeta.ts';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export default function ForgotPassword() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('forgot.title') }), description: t('forgot.description'), indexable: true });

  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  // The server's confirmation (the same whether or not the account exists).
  const [sent, setSent] = useState<string | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (loading) return;
    const trimmed = email.trim();
    setError(null);
    const invalid = !trimmed ? t('validation.emailRequired') : !EMAIL_RE.test(trimmed) ? t('validation.emailInvalid') : null;
    setFieldError(invalid);
    if (invalid) {
      emailRef.current?.focus();
      return;
    }
    setLoading(true);
    try {
      await authApi.forgotPassword(trimmed);
      // The interface's own words, in the reader's language: the API's message is French, for API clients.
      setSent(t('forgot.success'));
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(t('errors.unexpected'), 'unexpected', 0);
      if (err.field === 'email') {
        setFieldError(err.message);
        emailRef.current?.focus();
      } else {
        setError(err);
      }
    } finally {
      setLoading(false);
    }
  }

  const backLink = (
    <Link
      to={SIGN_IN_PATH}
      className="mt-6 inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline decoration-brand-300 underline-offset-4 hover:text-brand-800 hover:decoration-brand-700"
    >
      {t('forgot.back')}
    </Link>
  );

  return (
    <AuthLayout>
      <h1 className="text-2xl font-bold tracking-tight text-gray-900 sm:text-3xl">{t('forgot.heading')}</h1>
      <div role="status" aria-live="polite">
        {sent && (
          <div className="mt-6 flex gap-3 rounded-lg border border-success-200 bg-success-50 p-4 text-success-800">
            <CheckCircleIcon className="mt-0.5 size-5 shrink-0" />
            <p>{sent}</p>
          </div>
        )}
      </div>
      {!sent && (
        <>
          <p className="mt-2 mb-6 text-gray-700">{t('forgot.intro')}</p>
          <LiveAlert error={error} />
          <form noValidate onSubmit={submit} className="space-y-5">
            <AccountEmailField value={email} onChange={setEmail} error={fieldError} inputRef={emailRef} />
            <SubmitButton loading={loading} loadingLabel={t('forgot.submitting')}>
              {t('forgot.submit')}
            </SubmitButton>
          </form>
        </>
      )}
      {backLink}
    </AuthLayout>
  );
}
