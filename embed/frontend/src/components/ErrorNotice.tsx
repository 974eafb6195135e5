import { useTranslation } from '../i18n/index.ts';
import type { ApiError } from '../api.ts';
import { AlertIcon } from './icons.tsx';

// An error as the user sees it: icon + its message (an API error's in the reader's language), and the
// request reference for server faults so support can find it in the logs.
export function ErrorNotice({ error }: { error: ApiError | { message: string; status?: number; requestId?: string | null } }) {
  const { t } = useTranslation();
  const showRef = error.requestId && (error.status ?? 0) >= 500;
  return (
    <div className="flex gap-3 rounded-lg border border-danger-200 bg-danger-50 p-4 text-danger-800">
      <AlertIcon className="mt-0.5 size-5 shrink-0 text-danger-700" />
      <div>
        <p className="font-medium">{error.message}</p>
        {showRef && <p className="mt-1 text-sm">{t('errors.reference', { id: error.requestId })}</p>}
      </div>
    </div>
  );
}
