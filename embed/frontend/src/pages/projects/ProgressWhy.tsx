import { useTranslation } from '../../i18n/index.ts';
import type { ProjectDetail } from '../../api.ts';
import { formatNumber, formatPercent } from '../../lib/format.ts';

// The table's columns: the key of each header's text and its width (the points are right-aligned).
const COLUMNS = [
  ['step', 'w-[30%] pr-3'],
  ['weight', 'w-[18%] pr-3'],
  ['counted', 'pr-3'],
  ['points', 'w-[20%] text-right'],
] as const;

// « Pourquoi 42 % ? »: how the server reached the percentage, step by step: each step's weight,
// the part of it that counts (all once delivered, the share of finished tasks while in
// progress, none before) and the points it adds.
export function ProgressWhy({ project }: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const shares = project.shares ?? [];
  if (shares.length === 0) return null;
  return (
    <details className="group mt-4 rounded-xl bg-gray-50 ring-1 ring-gray-200 print:hidden">
      <summary className="flex min-h-11 cursor-pointer items-center px-4 font-semibold text-brand-700 underline-offset-4 hover:underline">
        {t('progressWhy.summary', { percent: formatPercent(project.progress.percent) })}
      </summary>
      <div className="space-y-3 px-4 pb-4 text-sm text-gray-800">
        <p>{t('progressWhy.rule')}</p>
        {/* Narrow enough to wrap on a phone: a region that scrolls sideways would need the keyboard too. */}
        <div>
          <table className="w-full table-fixed text-left break-words">
            <caption className="sr-only">{t('progressWhy.caption', { percent: formatPercent(project.progress.percent) })}</caption>
            <thead>
              <tr className="border-b border-gray-300 text-gray-700">
                {COLUMNS.map(([key, className]) => (
                  <th key={key} scope="col" className={`${className} py-2 font-semibold`}>
                    {t(`progressWhy.${key}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shares.map((s) => (
                <tr key={s.milestone_id} className="border-b border-gray-200 last:border-0">
                  <th scope="row" className="py-2 pr-3 font-medium break-words text-gray-900">
                    {s.title}
                  </th>
                  <td className="py-2 pr-3 tabular-nums">{t('progressWhy.weightOf', { weight: s.weight, total: project.weight_total })}</td>
                  <td className="py-2 pr-3">{t(`progressWhy.state.${s.state}`, { percent: formatPercent(s.counted) })}</td>
                  <td className="py-2 text-right font-semibold tabular-nums">{t('progressWhy.pointsOf', { points: formatNumber(s.points, 1) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="text-gray-700">{t(project.progress.percent === 99 && project.progress.done < project.progress.total ? 'progressWhy.capped' : 'progressWhy.rounded')}</p>
      </div>
    </details>
  );
}
