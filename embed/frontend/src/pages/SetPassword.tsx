import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Link } from '../components/Link.tsx';
import { useTranslation } from '../i18n/index.ts';
import { authApi, toApiError, type ApiError, type LinkInfo } from '../api.ts';
import { AuthLayout } from '../components/AuthLayout.tsx';
import { ButtonLink } from '../components/Button.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { LiveAlert } from '../components/LiveAlert.tsx';
import { NewPasswordFields, passwordLongEnough } from '../components/PasswordField.tsx';
import { Spinner } from '../components/icons.tsx';
import { SubmitButton } from '../components/SubmitButton.tsx';
import { FORGOT_PASSWORD_PATH, SIGN_IN_PATH } from '../config.ts';
import { useFieldForm, type FieldErrors } from '../lib/form.ts';
import { usePageMeta } from '../pageMeta.ts';
import type { SignInState } from './SignIn.tsx';

type Inspection = { status: 'loading' } | { status: 'ready'; link: LinkInfo } | { status: 'unusable'; error: ApiError | null };

const FIELDS = ['password', 'confirmation'] as const;
const EMPTY = { password: '', confirmation: '' };

const linkClass = 'inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline decoration-brand-300 underline-offset-4 hover:text-brand-800';

// /definir-mot-de-passe#<token>: the page of the invitation and reset links sent by e-mail. The
// token is in the fragment, which browsers never send to a server. The link is checked first, so
// that the user learns at once if it can no longer be used, and why.
export default function SetPassword() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('setPassword.title') }), indexable: false });
  const navigate = useNavigate();
  const { hash } = useLocation();
  const token = decodeURIComponent(hash.replace(/^#/, '')).trim();

  const [inspection, setInspection] = useState<Inspection>({ status: 'loading' });
  const { error, saving, bind, submit } = useFieldForm(FIELDS, EMPTY);

  useEffect(() => {
    if (!token) {
      setInspection({ status: 'unusable', error: null });
      return;
    }
    let current = true;
    setInspection({ status: 'loading' });
    authApi.inspectLink(token).then(
      (link) => current && setInspection({ status: 'ready', link }),
      (e: unknown) => current && setInspection({ status: 'unusable', error: toApiError(e) }),
    );
    return () => {
      current = false;
    };
  }, [token]);

  const validate = ({ password, confirmation }: typeof EMPTY) => {
    const errors: FieldErrors<(typeof FIELDS)[number]> = {};
    if (!password) errors.password = t('setPassword.passwordRequired');
    else if (!passwordLongEnough(password)) errors.password = t('password.tooShort');
    if (!errors.password && confirmation !== password) errors.confirmation = t('password.mismatch');
    return errors;
  };

  const save = async ({ password }: typeof EMPTY) => {
    if (inspection.status !== 'ready') return;
    try {
      await authApi.setPasswordWithLink(token, password);
    } catch (e) {
      const err = toApiError(e);
      // A link that can no longer be used replaces the form by the page that says why.
      if (err.code === 'link_used' || err.code === 'link_expired' || err.code === 'link_invalid') return setInspection({ status: 'unusable', error: err });
      throw err;
    }
    const state: SignInState = {
      notice: { kind: 'success', text: t(inspection.link.purpose === 'invitation' ? 'setPassword.doneInvitation' : 'setPassword.doneReset') },
      email: inspection.link.email,
    };
    navigate(SIGN_IN_PATH, { replace: true, state });
  };

  if (inspection.status === 'loading') {
    return (
      <AuthLayout>
        <h1 className="text-2xl font-bold tracking-tight text-gray-900 sm:text-3xl">{t('setPassword.title')}</h1>
        <p role="status" className="mt-6 flex items-center gap-3 text-gray-700">
          <Spinner className="size-5 text-brand-700" />
          {t('setPassword.checking')}
        </p>
      </AuthLayout>
    );
  }

  if (inspection.status === 'unusable') {
    return (
      <AuthLayout>
        <h1 className="text-2xl font-bold tracking-tight text-gray-900 sm:text-3xl">{t('setPassword.unusableHeading')}</h1>
        <div role="alert" className="mt-6">
          <ErrorNotice error={inspection.error ?? { message: t('setPassword.noToken') }} />
        </div>
        <div className="mt-8 flex flex-col gap-3">
          <ButtonLink to={SIGN_IN_PATH} variant="primary" className="min-h-12 text-base">
            {t('setPassword.goSignIn')}
          </ButtonLink>
          <ButtonLink to={FORGOT_PASSWORD_PATH} className="min-h-12 text-base">
            {t('setPassword.newLink')}
          </ButtonLink>
        </div>
      </AuthLayout>
    );
  }

  const { link } = inspection;
  const invitation = link.purpose === 'invitation';
  return (
    <AuthLayout>
      <h1 className="text-2xl font-bold tracking-tight break-words text-gray-900 sm:text-3xl">{invitation ? t('setPassword.welcome', { name: link.name }) : t('setPassword.resetHeading')}</h1>
      <p className="mt-2 text-gray-700">{t(invitation ? 'setPassword.invitationIntro' : 'setPassword.resetIntro')}</p>
      <p className="mt-4 mb-6 rounded-lg bg-gray-100 px-4 py-3 text-sm text-gray-800">
        {t('setPassword.account')} <strong className="wrap-anywhere">{link.email}</strong>
      </p>
      <LiveAlert error={error} />
      <form noValidate onSubmit={submit(validate, save)} className="space-y-5">
        {/* For password managers: the account this password belongs to. */}
        <input type="email" name="username" autoComplete="username" value={link.email} readOnly hidden />
        <NewPasswordFields labels={{ password: t('setPassword.password'), confirmation: t('setPassword.confirmation') }} password={bind('password')} confirmation={bind('confirmation')} />
        <SubmitButton loading={saving} loadingLabel={t('setPassword.saving')}>
          {t(invitation ? 'setPassword.submitInvitation' : 'setPassword.submitReset')}
        </SubmitButton>
      </form>
      <Link to={SIGN_IN_PATH} className={`mt-6 ${linkClass}`}>
        {t('forgot.back')}
      </Link>
    </AuthLayout>
  );
}
