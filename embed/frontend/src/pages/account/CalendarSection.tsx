import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { accountApi, toApiError, type ApiError, type CalendarFeed } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FormField } from '../../components/FormField.tsx';
import { CalendarIcon, CheckIcon, CopyIcon, RestoreIcon, TrashIcon } from '../../components/icons.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Section } from '../../components/PageHeader.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { useToast } from '../../components/Toast.tsx';
import { formatDateTime } from '../../lib/format.ts';

// /mon-compte#calendrier (§5 of the tasks issue): a private iCalendar address of the due dates of
// the steps and tasks the user may see, for Thunderbird, Outlook or Google Agenda. The server
// keeps only its hash: the address is shown once, right after it is made; renewing it makes a
// new one and ends the old, turning it off ends it.
export function CalendarSection() {
  const { t } = useTranslation();
  const toast = useToast();
  const [feed, setFeed] = useState<CalendarFeed | null>(null);
  const [url, setUrl] = useState('');
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<'renew' | 'off' | null>(null);

  useEffect(() => {
    accountApi.calendar().then(setFeed, (e: unknown) => setError(toApiError(e)));
  }, []);

  async function enable() {
    setBusy(true);
    setError(null);
    try {
      const next = await accountApi.enableCalendar();
      setFeed(next);
      setUrl(next.url ?? '');
      setCopied(false);
      toast(t('calendar.made'));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <Section id="calendrier" title={t('calendar.title')} description={t('calendar.intro')}>
      <LiveAlert error={error} />
      {!feed && !error ? (
        <Skeleton rows={2} />
      ) : (
        <div className="space-y-4">
          {url && (
            <Notice kind="success" title={t('calendar.urlTitle')}>
              <p>{t('calendar.urlText')}</p>
              <div className="mt-3 flex flex-wrap items-end gap-2">
                <FormField className="min-w-0 flex-1 basis-64" label={t('calendar.url')} value={url} readOnly onFocus={(e) => e.currentTarget.select()} />
                <Button icon={copied ? <CheckIcon className="size-4" /> : <CopyIcon className="size-4" />} onClick={() => void copy()}>
                  {copied ? t('calendar.copied') : t('calendar.copy')}
                </Button>
              </div>
            </Notice>
          )}
          {feed?.enabled ? (
            <p className="text-sm text-gray-800">
              {t('calendar.onSince', { date: formatDateTime(feed.created_at) })} {feed.last_used_at ? t('calendar.lastUsed', { date: formatDateTime(feed.last_used_at) }) : t('calendar.neverUsed')}
            </p>
          ) : (
            feed && <p className="text-sm text-gray-800">{t('calendar.off')}</p>
          )}
          <div className="flex flex-wrap gap-2">
            {feed?.enabled ? (
              <>
                <Button icon={<RestoreIcon className="size-4" />} disabled={busy} onClick={() => setConfirm('renew')}>
                  {t('calendar.renew')}
                </Button>
                <Button icon={<TrashIcon className="size-4" />} disabled={busy} onClick={() => setConfirm('off')}>
                  {t('calendar.turnOff')}
                </Button>
              </>
            ) : (
              feed && (
                <Button variant="primary" icon={<CalendarIcon className="size-4" />} loading={busy} onClick={() => void enable()}>
                  {t('calendar.turnOn')}
                </Button>
              )
            )}
          </div>
        </div>
      )}
      {confirm === 'renew' && (
        <ConfirmDialog
          title={t('calendar.renewTitle')}
          confirmLabel={t('calendar.renew')}
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            setConfirm(null);
            await enable();
          }}
        >
          {t('calendar.renewText')}
        </ConfirmDialog>
      )}
      {confirm === 'off' && (
        <ConfirmDialog
          danger
          title={t('calendar.turnOffTitle')}
          confirmLabel={t('calendar.turnOff')}
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await accountApi.disableCalendar();
            setFeed({ enabled: false, created_at: null, last_used_at: null });
            setUrl('');
            setConfirm(null);
            toast(t('calendar.turnedOff'));
          }}
        >
          {t('calendar.turnOffText')}
        </ConfirmDialog>
      )}
    </Section>
  );
}
