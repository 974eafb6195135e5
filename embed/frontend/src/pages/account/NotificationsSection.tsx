import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { NOTIFICATION_KINDS, NOTIFICATION_MODES, notificationsApi, toApiError, type ApiError, type NotificationPrefs } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Section } from '../../components/PageHeader.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { useToast } from '../../components/Toast.tsx';
import { NOTIFICATIONS_ANCHOR } from '../../config.ts';
import './texts.ts';

// /mon-compte#notifications: for each kind of event, an e-mail right away, in the daily digest,
// or never (the bell always shows them); and the hour of the digest.
export function NotificationsSection() {
  const { t } = useTranslation();
  const toast = useToast();
  const [prefs, setPrefs] = useState<NotificationPrefs | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    notificationsApi.prefs().then(setPrefs, (e: unknown) => setLoadError(toApiError(e)));
  }, []);

  async function save() {
    if (!prefs) return;
    setBusy(true);
    setError(null);
    try {
      setPrefs(await notificationsApi.setPrefs(prefs));
      toast(t('prefs.saved'));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id={NOTIFICATIONS_ANCHOR} title={t('prefs.title')} description={t('prefs.intro')}>
      {loadError ? (
        <ErrorNotice error={loadError} />
      ) : !prefs ? (
        <Skeleton rows={3} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          className="space-y-5"
        >
          <div className="grid gap-4 md:grid-cols-2">
            {NOTIFICATION_KINDS.map((kind) => (
              <fieldset key={kind} className="rounded-xl p-4 ring-1 ring-gray-200">
                <legend className="px-1 font-semibold text-gray-900">{t(`prefs.kind.${kind}`)}</legend>
                <div className="mt-1 flex flex-col gap-1 sm:flex-row sm:flex-wrap sm:gap-x-4">
                  {NOTIFICATION_MODES.map((mode) => (
                    <label key={mode} className="inline-flex min-h-11 cursor-pointer items-center gap-2 text-gray-900">
                      <input
                        type="radio"
                        name={`pref-${kind}`}
                        value={mode}
                        checked={(prefs.modes[kind] ?? 'immediate') === mode}
                        onChange={() => setPrefs({ ...prefs, modes: { ...prefs.modes, [kind]: mode } })}
                        className="peer sr-only"
                      />
                      <span
                        aria-hidden="true"
                        className="inline-block size-5 shrink-0 rounded-full border-2 border-gray-600 bg-white peer-checked:border-brand-700 peer-checked:bg-[radial-gradient(circle,var(--color-brand-700)_40%,#fff_45%)] peer-focus-visible:outline-3 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600"
                      />
                      {t(`prefs.mode.${mode}`)}
                    </label>
                  ))}
                </div>
              </fieldset>
            ))}
          </div>
          <SelectField
            label={t('prefs.digestHour')}
            hint={t('prefs.digestHint')}
            className="max-w-xs"
            value={String(prefs.digest_hour)}
            onChange={(e) => setPrefs({ ...prefs, digest_hour: Number(e.target.value) })}
            options={Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: t('prefs.hour', { hour: String(h).padStart(2, '0') }) }))}
          />
          <LiveAlert error={error} />
          <Button type="submit" variant="primary" loading={busy}>
            {t('prefs.save')}
          </Button>
        </form>
      )}
    </Section>
  );
}
