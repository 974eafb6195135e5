import { useId } from 'react';
import { useTranslation } from '../i18n/index.ts';
import { formatNumber } from '../lib/format.ts';

export interface BarSeries {
  key: string;
  label: string;
  /** Fill colour; the legend and the table carry the meaning too. */
  color: string;
}

/** "2026-11" → « nov. 2026 » (French) / "Nov 2026". */
export function monthLabel(month: string, short = false): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  const locale = document.documentElement.lang === 'en' ? 'en-GB' : 'fr-FR';
  return new Intl.DateTimeFormat(locale, short ? { month: 'short', timeZone: 'UTC' } : { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** Every month "YYYY-MM" from the day `from` to the day `to` (both "YYYY-MM-DD"), at most 36. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  if (!y || !m || !endY || !endM) return out;
  while ((y < endY || (y === endY && m <= endM)) && out.length < 36) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

const W = 640;
const H = 240;
const PAD = { top: 12, right: 8, bottom: 36, left: 36 };

// A stacked bar chart drawn by hand in SVG (no chart library): one bar per month, one colour per
// series, a legend, and the same figures as a table for those who read rather than look.
export function BarChart({ title, months, series, value }: { title: string; months: string[]; series: BarSeries[]; value: (month: string, series: string) => number }) {
  const { t } = useTranslation();
  const titleId = useId();
  const descId = useId();
  const totals = months.map((mo) => series.reduce((sum, s) => sum + value(mo, s.key), 0));
  const max = Math.max(1, ...totals);
  // A round top for the scale: 1, 2, 5, 10, 20, 50…
  const step = [1, 2, 5].map((f) => f * 10 ** Math.floor(Math.log10(max))).find((s) => s * 4 >= max) ?? 10 ** Math.ceil(Math.log10(max));
  const top = Math.max(step * Math.ceil(max / step), 1);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, months.length);
  const barW = Math.max(4, Math.min(40, slot * 0.6));
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const labelEvery = Math.ceil(months.length / 8);
  const total = totals.reduce((a, b) => a + b, 0);

  return (
    <figure className="min-w-0">
      <figcaption id={titleId} className="font-bold text-gray-900">
        {title}
      </figcaption>
      <p id={descId} className="sr-only">
        {t('charts.barSummary', { total: formatNumber(total), months: months.length })}
      </p>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-gray-800" aria-hidden="true">
        {series.map((s) => (
          <li key={s.key} className="inline-flex items-center gap-1.5">
            <span className="inline-block size-3 rounded-sm" style={{ background: s.color }} />
            {s.label}
          </li>
        ))}
      </ul>
      <svg viewBox={`0 0 ${W} ${H}`} className="mt-2 h-auto w-full" role="img" aria-labelledby={titleId} aria-describedby={descId} data-chart="bar">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#d1d5db" strokeWidth={1} />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" fontSize={12} fill="#374151">
              {formatNumber(v)}
            </text>
          </g>
        ))}
        {months.map((mo, i) => {
          const x = PAD.left + i * slot + (slot - barW) / 2;
          let acc = 0;
          return (
            <g key={mo}>
              {series.map((s) => {
                const v = value(mo, s.key);
                if (!v) return null;
                const y1 = y(acc + v);
                const h = y(acc) - y1;
                acc += v;
                return (
                  <rect key={s.key} x={x} y={y1} width={barW} height={Math.max(h, 0.5)} fill={s.color}>
                    <title>{t('charts.item', { label: `${monthLabel(mo)} — ${s.label}`, value: formatNumber(v) })}</title>
                  </rect>
                );
              })}
              {i % labelEvery === 0 && (
                <text x={x + barW / 2} y={H - PAD.bottom + 16} textAnchor="middle" fontSize={12} fill="#374151">
                  {monthLabel(mo, true)}
                </text>
              )}
              {i % labelEvery === 0 && (mo.endsWith('-01') || i === 0) && (
                <text x={x + barW / 2} y={H - PAD.bottom + 31} textAnchor="middle" fontSize={11} fill="#374151">
                  {mo.slice(0, 4)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <details className="mt-2 text-sm">
        <summary className="inline-flex min-h-11 cursor-pointer items-center font-semibold text-brand-700">{t('charts.showTable')}</summary>
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr className="border-b border-gray-200">
                <th scope="col" className="py-1 pr-3 font-semibold">
                  {t('charts.month')}
                </th>
                {series.map((s) => (
                  <th key={s.key} scope="col" className="py-1 pr-3 font-semibold">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {months.map((mo) => (
                <tr key={mo} className="border-b border-gray-100">
                  <th scope="row" className="py-1 pr-3 font-normal">
                    {monthLabel(mo)}
                  </th>
                  {series.map((s) => (
                    <td key={s.key} className="py-1 pr-3">
                      {formatNumber(value(mo, s.key))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
