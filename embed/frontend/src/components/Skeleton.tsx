import { useTranslation } from 'react-i18next';

// Grey placeholders while a list or a form loads; announced once as "Chargement…".
export function Skeleton({ rows = 4, label }: { rows?: number; label?: string }) {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <span className="sr-only">{label ?? t('app.loading')}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} aria-hidden="true" className="flex animate-pulse items-center gap-4 rounded-xl bg-white p-4 ring-1 ring-gray-200 motion-reduce:animate-none">
          <div className="h-4 w-1/3 rounded bg-gray-200" />
          <div className="h-4 flex-1 rounded bg-gray-100" />
          <div className="hidden h-4 w-24 rounded bg-gray-100 sm:block" />
        </div>
      ))}
    </div>
  );
}
