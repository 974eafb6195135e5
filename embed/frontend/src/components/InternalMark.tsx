import { useTranslation } from '../i18n/index.ts';
import { LockIcon } from './icons.tsx';

/** The frame of an internal note (staff only): its own colour and a dashed border. */
export const INTERNAL_FRAME = 'bg-amber-50 ring-2 ring-amber-400 ring-dashed';

/** « Note interne — visible par l'équipe uniquement », first thing read in an internal note. */
export function InternalMark() {
  const { t } = useTranslation();
  return (
    <p className="mb-2 inline-flex items-center gap-1.5 rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-bold text-amber-900 ring-1 ring-amber-400 ring-inset">
      <LockIcon className="size-3.5" />
      {t('messages.internalMark')}
    </p>
  );
}
