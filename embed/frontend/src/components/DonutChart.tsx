import { useId, type ReactNode } from 'react';
import { useTranslation } from '../i18n/index.ts';
import { formatPercent } from '../lib/format.ts';

export interface Segment {
  key: string;
  label: string;
  value: number;
  /** A fill with at least 3:1 against white (WCAG 1.4.11), as a Tailwind class for `stroke`/`bg`. */
  stroke: string;
  swatch: string;
  icon?: ReactNode;
}

const R = 42;
const C = 2 * Math.PI * R;

// A small ring chart drawn in SVG (no chart library), always next to its table: the picture is
// for the eye, the table (label, count, share) says the same in text for everyone.
export function DonutChart({
  title,
  segments,
  centerValue,
  centerLabel,
  headers,
}: {
  title: string;
  segments: Segment[];
  centerValue: string;
  centerLabel: string;
  headers: [string, string, string];
}) {
  const { t } = useTranslation();
  const id = useId();
  const total = segments.reduce((s, x) => s + x.value, 0);
  let offset = 0;
  const arcs = segments
    .filter((s) => s.value > 0)
    .map((s) => {
      const length = (s.value / total) * C;
      const arc = { ...s, length, offset };
      offset += length;
      return arc;
    });
  const summary = segments.map((s) => t('charts.item', { label: s.label, value: s.value })).join(', ');

  return (
    <div className="flex flex-col items-center gap-6 sm:flex-row sm:items-center">
      <svg viewBox="0 0 100 100" className="size-40 shrink-0" role="img" aria-labelledby={`${id}-titre`}>
        <title id={`${id}-titre`}>{`${title} — ${summary}`}</title>
        <circle cx="50" cy="50" r={R} fill="none" strokeWidth="12" className="stroke-gray-200" />
        {arcs.map((a) => (
          <circle
            key={a.key}
            cx="50"
            cy="50"
            r={R}
            fill="none"
            strokeWidth="12"
            className={a.stroke}
            strokeDasharray={`${a.length} ${C - a.length}`}
            strokeDashoffset={-a.offset}
            transform="rotate(-90 50 50)"
          />
        ))}
        <text x="50" y="49" textAnchor="middle" className="fill-gray-900 text-[22px] font-bold">
          {centerValue}
        </text>
        <text x="50" y="63" textAnchor="middle" className="fill-gray-700 text-[9px]">
          {centerLabel}
        </text>
      </svg>
      <table className="w-full max-w-sm text-left text-sm">
        <caption className="sr-only">{title}</caption>
        <thead className="text-gray-700">
          <tr className="border-b border-gray-200">
            <th scope="col" className="py-2 pr-3 font-semibold">
              {headers[0]}
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-semibold">
              {headers[1]}
            </th>
            <th scope="col" className="py-2 text-right font-semibold">
              {headers[2]}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {segments.map((s) => (
            <tr key={s.key}>
              <th scope="row" className="py-2 pr-3 font-medium text-gray-900">
                <span className="flex items-center gap-2">
                  <span aria-hidden="true" className={`size-3 shrink-0 rounded-sm ${s.swatch}`} />
                  {s.icon}
                  {s.label}
                </span>
              </th>
              <td className="py-2 pr-3 text-right text-gray-900 tabular-nums">{s.value}</td>
              <td className="py-2 text-right text-gray-700 tabular-nums">{formatPercent(total > 0 ? (s.value / total) * 100 : 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
