import { useTranslation } from '../i18n/index.ts';
import { Spinner } from './icons.tsx';

export function PageLoading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div role="status" className="flex min-h-dvh items-center justify-center gap-3 p-6 text-gray-700">
      <Spinner className="size-6 text-brand-700" />
      <span>{label ?? t('app.loading')}</span>
    </div>
  );
}
