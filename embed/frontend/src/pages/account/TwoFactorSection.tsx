import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { accountApi, toApiError, type ApiError, type TotpSetup } from '../../api.ts';
import { useAuth, useUser } from '../../auth/AuthContext.tsx';
import { Button } from '../../components/Button.tsx';
import { Dialog, DialogFooter } from '../../components/Dialog.tsx';
import { SubmitWithCancel } from '../../components/FormField.tsx';
import { TotpCodeField } from '../../components/TotpCodeField.tsx';
import { CopyIcon, DownloadIcon, PrinterIcon, ShieldIcon } from '../../components/icons.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Section } from '../../components/PageHeader.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useToast } from '../../components/Toast.tsx';
import { BRAND } from '../../config.ts';
import { formatDateTime, groupSecret } from '../../lib/format.ts';
import { useFieldForm, type FieldErrors } from '../../lib/form.ts';
import './texts.ts';

const EMPTY_PASSWORD = { current_password: '' };

type Step = { kind: 'idle' } | { kind: 'setup'; setup: TotpSetup } | { kind: 'codes'; codes: string[] };

export function TwoFactorSection() {
  const { t } = useTranslation();
  const user = useUser();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [disabling, setDisabling] = useState(false);

  async function start() {
    setStarting(true);
    setError(null);
    try {
      setStep({ kind: 'setup', setup: await accountApi.totpSetup() });
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setStarting(false);
    }
  }

  const enabled = user.totp_enabled;
  return (
    <Section
      id="double-authentification"
      title={t('account.totp.title')}
      description={t('account.totp.description')}
      actions={<StatusBadge status={enabled ? 'totp' : 'disabled'} label={t(enabled ? 'account.totp.on' : 'account.totp.off')} />}
    >
      <LiveAlert error={error} />
      {step.kind === 'codes' ? (
        <RecoveryCodes codes={step.codes} onDone={() => setStep({ kind: 'idle' })} />
      ) : step.kind === 'setup' ? (
        <SetupPanel setup={step.setup} onCancel={() => setStep({ kind: 'idle' })} onEnabled={(codes) => setStep({ kind: 'codes', codes })} />
      ) : enabled ? (
        <>
          <p className="flex items-start gap-2 text-gray-800">
            <ShieldIcon className="mt-0.5 size-5 shrink-0 text-success-800" />
            {t('account.totp.enabledText')}
          </p>
          <Button className="mt-5" onClick={() => setDisabling(true)}>
            {t('account.totp.disable')}
          </Button>
        </>
      ) : (
        <>
          <p className="text-gray-800">{t('account.totp.disabledText')}</p>
          <Button className="mt-5" variant="primary" loading={starting} onClick={() => void start()} icon={<ShieldIcon className="size-4" />}>
            {t('account.totp.enable')}
          </Button>
        </>
      )}
      {disabling && <DisableDialog onClose={() => setDisabling(false)} />}
    </Section>
  );
}

function SetupPanel({ setup, onCancel, onEnabled }: { setup: TotpSetup; onCancel: () => void; onEnabled: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { updateUser } = useAuth();
  const { values, setValues, fieldErrors, error, saving, bind, submit } = useFieldForm(['code'], { code: '' });
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), []);

  const validate = ({ code }: typeof values): FieldErrors<'code'> => (/^\d{6}$/.test(code) ? {} : { code: t('validation.codeInvalid') });

  const save = async ({ code }: typeof values) => {
    const { recovery_codes } = await accountApi.totpEnable(code);
    updateUser({ ...user, totp_enabled: true });
    onEnabled(recovery_codes);
  };

  return (
    <div>
      <h3 ref={headingRef} tabIndex={-1} className="font-semibold text-gray-900 outline-none">
        {t('account.totp.setupHeading')}
      </h3>
      <ol className="mt-4 grid gap-6 md:grid-cols-2">
        <li>
          <p className="font-medium text-gray-900">{t('account.totp.step1')}</p>
          <img
            src={setup.qr_code}
            alt={t('account.totp.qrAlt')}
            width={200}
            height={200}
            className="mt-3 size-48 rounded-lg bg-white p-2 ring-1 ring-gray-300 [image-rendering:pixelated] sm:size-52"
          />
          <p className="mt-4 text-sm text-gray-700">{t('account.totp.manual')}</p>
          <p className="mt-1 rounded-lg bg-gray-100 px-3 py-2 font-mono text-base tracking-wider break-all text-gray-900">{groupSecret(setup.secret)}</p>
        </li>
        <li>
          <p className="font-medium text-gray-900">{t('account.totp.step2')}</p>
          <LiveAlert error={error} />
          <form noValidate onSubmit={submit(validate, save)} className="mt-3 space-y-5">
            <TotpCodeField
              name="totp-code"
              value={values.code}
              onChange={(code) => setValues({ code })}
              error={fieldErrors.code}
              inputRef={bind('code').inputRef}
              className="max-w-xs [&_input]:text-center [&_input]:font-mono [&_input]:text-2xl [&_input]:tracking-[0.4em]"
            />
            <SubmitWithCancel saving={saving} onCancel={onCancel}>
              {t('account.totp.confirm')}
            </SubmitWithCancel>
          </form>
        </li>
      </ol>
    </div>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const toast = useToast();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const text = [
    t('account.codes.fileTitle', { company: BRAND.companyName }),
    t('account.codes.fileAccount', { email: user.email }),
    t('account.codes.fileDate', { date: formatDateTime(new Date().toISOString()) }),
    '',
    ...codes,
    '',
    t('account.codes.fileHelp'),
    '',
  ].join('\n');

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      toast(t('account.codes.copied'));
    } catch {
      toast(t('account.codes.copyFailed'));
    }
  }

  function print() {
    document.body.classList.add('impression-codes');
    const done = () => {
      document.body.classList.remove('impression-codes');
      window.removeEventListener('afterprint', done);
    };
    window.addEventListener('afterprint', done);
    window.print();
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = t('account.codes.fileName');
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <div id="codes-de-secours">
      <h3 ref={headingRef} tabIndex={-1} className="text-lg font-bold text-gray-900 outline-none">
        {t('account.codes.heading')}
      </h3>
      <div className="mt-3">
        <Notice kind="success" title={t('account.codes.enabled')}>
          {t('account.codes.warning')}
        </Notice>
      </div>
      <ol aria-label={t('account.codes.listLabel')} className="mt-5 grid grid-cols-2 gap-2 sm:grid-cols-5">
        {codes.map((c) => (
          <li key={c} className="rounded-lg bg-gray-100 px-3 py-2 text-center font-mono text-base text-gray-900">
            {c}
          </li>
        ))}
      </ol>
      <div className="mt-5 flex flex-wrap gap-3 print:hidden">
        <Button onClick={() => void copy()} icon={<CopyIcon className="size-4" />}>
          {t('account.codes.copy')}
        </Button>
        <Button onClick={print} icon={<PrinterIcon className="size-4" />}>
          {t('account.codes.print')}
        </Button>
        <Button onClick={download} icon={<DownloadIcon className="size-4" />}>
          {t('account.codes.download')}
        </Button>
        <Button variant="primary" onClick={onDone}>
          {t('account.codes.done')}
        </Button>
      </div>
    </div>
  );
}

function DisableDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { updateUser } = useAuth();
  const toast = useToast();
  const { error, saving, bind, submit } = useFieldForm(['current_password'], EMPTY_PASSWORD);

  const validate = (v: typeof EMPTY_PASSWORD): FieldErrors<'current_password'> => (v.current_password ? {} : { current_password: t('validation.passwordRequired') });

  const save = async (v: typeof EMPTY_PASSWORD) => {
    await accountApi.totpDisable(v.current_password);
    updateUser({ ...user, totp_enabled: false });
    toast(t('account.totp.disabled'));
    onClose();
  };

  return (
    <Dialog title={t('account.totp.disableTitle')} onClose={onClose} description={t('account.totp.disableText')}>
      <LiveAlert error={error} />
      <form noValidate onSubmit={submit(validate, save)}>
        <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
        <PasswordField {...bind('current_password')} label={t('account.totp.disablePassword')} name="password" autoComplete="current-password" />
        <DialogFooter onCancel={onClose} busy={saving} variant="danger" label={t('account.totp.disableConfirm')} />
      </form>
    </Dialog>
  );
}
