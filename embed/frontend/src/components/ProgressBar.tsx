import { useTranslation } from '../i18n/index.ts';
import type { Progress } from '../api.ts';
import { formatPercent } from '../lib/format.ts';

/** A bar from 0 to 100, named for screen readers (role progressbar, its value in words). */
export function ProgressBar({ percent, label, valueText, size = 'md', tone = 'brand' }: { percent: number; label: string; valueText?: string; size?: 'sm' | 'md' | 'lg'; tone?: 'brand' | 'success' }) {
  const value = Math.min(100, Math.max(0, Math.round(percent)));
  const height = { sm: 'h-2', md: 'h-2.5', lg: 'h-4' }[size];
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      aria-valuetext={valueText ?? formatPercent(value)}
      className={`w-full overflow-hidden rounded-full bg-gray-200 ring-1 ring-gray-300 ring-inset ${height}`}
    >
      <div className={`h-full rounded-full transition-[width] duration-300 motion-reduce:transition-none ${tone === 'success' ? 'bg-success-800' : 'bg-brand-700'}`} style={{ width: `${value}%` }} />
    </div>
  );
}

/** « 33 % · étape 1 sur 3 » (or « Aucune étape définie »). */
export function progressText(t: (k: string, o?: Record<string, unknown>) => string, p: Progress): string {
  if (p.total === 0) return t('projects.noSteps');
  return t('projects.progressText', { percent: formatPercent(p.percent), done: p.done, total: p.total });
}

/** A project's computed progress (X6): the bar and « 33 % · étape 1 sur 3 ». */
export function ProjectProgress({ progress, name, size = 'md' }: { progress: Progress; name: string; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  const text = progressText(t, progress);
  return (
    <div>
      <ProgressBar percent={progress.percent} label={t('projects.progressOf', { name })} valueText={text} size={size} tone={progress.percent >= 100 ? 'success' : 'brand'} />
      <p className={`mt-1.5 font-semibold text-gray-900 tabular-nums ${size === 'lg' ? 'text-lg' : 'text-sm'}`}>{text}</p>
    </div>
  );
}
