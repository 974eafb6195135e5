import { Fragment, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from '../i18n/index.ts';
import type { SortDir, SortState } from '../lib/listParams.ts';
import { SelectOptions } from './FormField.tsx';
import { ArrowDownIcon, ArrowUpIcon } from './icons.tsx';

export interface Column<T> {
  key: string;
  /** The column's name: its header, and the label of the value in the phone layout. */
  header: string;
  cell: (row: T) => ReactNode;
  /** The cell that names the row: a row header for screen readers, the title of its card. */
  rowHeader?: boolean;
  /** The header is read to screen readers only (a column of actions). */
  hiddenHeader?: boolean;
  className?: string;
  /**
   * Sortable. With `value`, the table sorts the rows it has (a list that is all there); without,
   * the server sorts (the page passes the sort to its query). `dirs`: the directions offered
   * (both by default).
   */
  sort?: { value?: (row: T) => string | number; dirs?: readonly SortDir[] };
}

// Literal class names (Tailwind finds them in the source): from which width of the list's
// container the table shows, and the phone layout hides.
const WIDE = {
  '2xl': { table: '@2xl:block', phone: '@2xl:hidden' },
  '3xl': { table: '@3xl:block', phone: '@3xl:hidden' },
  '4xl': { table: '@4xl:block', phone: '@4xl:hidden' },
} as const;

interface Props<T> {
  caption: string;
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  columns: readonly Column<T>[];
  /** Shown instead of the list when it has no row. */
  empty: ReactNode;
  /** The container width from which the list is a table; narrower, it is a list of cards. */
  wideFrom?: keyof typeof WIDE;
  /** The phone layout of a row; by default its columns stacked, each value under its name. */
  card?: (row: T) => ReactNode;
  /** Classes of the list of cards (a grid, for instance). */
  cardsClassName?: string;
  /** A sort the page keeps (in the address: useListParams); without, the table keeps its own. */
  sort?: SortState;
  onSort?: (sort: SortState) => void;
  /** The first sort when the table keeps its own. */
  defaultSort?: SortState;
  /** Offer the sort on phones too, as a select above the cards (unless the page has its own). */
  phoneSort?: boolean;
  rowClassName?: string;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compare(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
}

/**
 * The one table of the list pages: a table with sortable headers where the list is wide enough,
 * cards (or stacked rows) on phones, and the page's empty state when there is no row.
 */
export function DataTable<T>({
  caption,
  rows,
  rowKey,
  columns,
  empty,
  wideFrom = '2xl',
  card,
  cardsClassName = 'space-y-3',
  sort: controlled,
  onSort,
  defaultSort,
  phoneSort = true,
  rowClassName = 'align-top',
}: Props<T>) {
  const [local, setLocal] = useState<SortState | undefined>(defaultSort);
  const sort = onSort ? controlled : local;
  const setSort = onSort ?? setLocal;

  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sort?.key);
    const value = column?.sort?.value;
    if (!sort || !value) return rows;
    const sign = sort.dir === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => sign * compare(value(a), value(b)));
  }, [rows, columns, sort]);

  if (rows.length === 0) return <>{empty}</>;
  const wide = WIDE[wideFrom];
  const sortable = columns.filter((c) => c.sort);

  return (
    <div className="@container">
      <div className={`hidden rounded-2xl bg-white shadow-sm ring-1 ring-gray-200 ${wide.table}`}>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="border-b border-gray-200 text-gray-700">
            <tr>
              {columns.map((c) => (
                <HeaderCell key={c.key} column={c} sort={sort} onSort={setSort} />
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-200">
            {sorted.map((row) => (
              <tr key={rowKey(row)} className={rowClassName}>
                {columns.map((c) =>
                  c.rowHeader ? (
                    <th key={c.key} scope="row" className={`px-5 py-3 font-normal ${c.className ?? ''}`}>
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td key={c.key} className={`px-5 py-3 ${c.className ?? ''}`}>
                      {c.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className={wide.phone}>
        {phoneSort && sortable.length > 0 && <PhoneSort columns={sortable} sort={sort} onSort={setSort} />}
        <ul className={cardsClassName} aria-label={caption}>
          {sorted.map((row) => (
            <li key={rowKey(row)}>{card ? card(row) : <StackedRow row={row} columns={columns} />}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function dirsOf<T>(c: Column<T>): readonly SortDir[] {
  return c.sort?.dirs ?? ['asc', 'desc'];
}

// A sortable header is a button named by the column; aria-sort says which column sorts, and how.
function HeaderCell<T>({ column: c, sort, onSort }: { column: Column<T>; sort: SortState | undefined; onSort: (s: SortState) => void }) {
  const active = sort?.key === c.key;
  if (c.hiddenHeader) {
    return (
      <th scope="col" className="px-5 py-3 text-right font-semibold">
        <span className="sr-only">{c.header}</span>
      </th>
    );
  }
  if (!c.sort) {
    return (
      <th scope="col" className="px-5 py-3 font-semibold">
        {c.header}
      </th>
    );
  }
  const dirs = dirsOf(c);
  // A click on the sorted column turns it round (when it can be); on another, sorts by it.
  const next: SortState = active && sort && dirs.length > 1 ? { key: c.key, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { key: c.key, dir: active && sort ? sort.dir : dirs[0] };
  const Arrow = active && sort?.dir === 'desc' ? ArrowDownIcon : ArrowUpIcon;
  return (
    <th scope="col" className="px-3 py-1 font-semibold" aria-sort={active ? (sort?.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" onClick={() => onSort(next)} className="inline-flex min-h-11 items-center gap-1.5 rounded-lg px-2 text-left hover:bg-gray-100 hover:text-gray-900">
        {c.header}
        <Arrow className={`size-4 shrink-0 ${active ? 'text-brand-700' : 'text-gray-400'}`} />
      </button>
    </th>
  );
}

function PhoneSort<T>({ columns, sort, onSort }: { columns: Column<T>[]; sort: SortState | undefined; onSort: (s: SortState) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const options = columns.flatMap((c) => dirsOf(c).map((dir) => ({ value: `${c.key}:${dir}`, label: dirsOf(c).length > 1 ? t(`table.${dir}`, { column: c.header }) : c.header })));
  return (
    <div className="mb-3 flex items-center gap-2 text-sm">
      <label htmlFor={id} className="font-semibold text-gray-900">
        {t('table.sort')}
      </label>
      <select
        id={id}
        value={sort ? `${sort.key}:${sort.dir}` : ''}
        onChange={(e) => {
          const [key, dir] = e.target.value.split(':');
          if (key) onSort({ key, dir: dir as SortDir });
        }}
        className="h-11 min-w-0 flex-1 rounded-lg border border-gray-500 bg-white px-3 text-base text-gray-900"
      >
        {!sort && <option value="">{t('table.unsorted')}</option>}
        <SelectOptions options={options} />
      </select>
    </div>
  );
}

/** The default phone layout: the row's name as a title, then each value under its column's name. */
function StackedRow<T>({ row, columns }: { row: T; columns: readonly Column<T>[] }) {
  const title = columns.find((c) => c.rowHeader);
  return (
    <div className="rounded-2xl bg-white p-4 text-sm shadow-sm ring-1 ring-gray-200">
      {title && <div className="mb-2 font-semibold break-words text-gray-900">{title.cell(row)}</div>}
      <dl className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-3 gap-y-1">
        {columns
          .filter((c) => c !== title)
          .map((c) => (
            <Fragment key={c.key}>
              <dt className={c.hiddenHeader ? 'sr-only' : 'font-semibold text-gray-700'}>{c.header}</dt>
              <dd className="min-w-0 break-words text-gray-900">{c.cell(row)}</dd>
            </Fragment>
          ))}
      </dl>
    </div>
  );
}
