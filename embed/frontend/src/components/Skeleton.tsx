import { useTranslation } from '../i18n/index.ts';

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

// Placeholders shaped like project cards (ProjectCard), in the same grid, so that the cards take
// their place without moving the page around them.
export function CardsSkeleton({ count = 2, label, className = 'grid gap-4 md:grid-cols-2 2xl:grid-cols-3' }: { count?: number; label?: string; className?: string }) {
  const { t } = useTranslation();
  const bar = 'rounded bg-gray-100';
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">{label ?? t('app.loading')}</span>
      <div aria-hidden="true" className={className}>
        {Array.from({ length: count }, (_, i) => (
          <div key={i} className="flex h-full animate-pulse flex-col rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 motion-reduce:animate-none">
            <div className="flex items-start justify-between gap-3">
              <div className="h-6 w-1/2 rounded bg-gray-200" />
              <div className="h-6 w-20 rounded-full bg-gray-100" />
            </div>
            <div className="mt-4 h-2.5 rounded-full bg-gray-200" />
            <div className={`mt-1.5 h-5 w-2/5 ${bar}`} />
            <div className="mt-3 flex gap-2">
              <div className="h-6 w-24 rounded-full bg-gray-100" />
              <div className="h-6 w-28 rounded-full bg-gray-100" />
            </div>
            <div className={`mt-4 h-5 w-3/4 ${bar}`} />
            <div className={`mt-2 h-5 w-1/2 ${bar}`} />
          </div>
        ))}
      </div>
    </div>
  );
}
