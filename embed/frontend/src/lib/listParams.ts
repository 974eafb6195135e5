// The filters, page and sort of a list page live in the address (/projets?statut=en_cours&tri=name
// &page=2), so that a reload, the back button or a shared link shows the same list. A page
// declares its parameters once, with their type; useListParams reads them typed and writes them
// back, dropping a parameter at its default value (short addresses) and the page number whenever
// a filter or the sort changes (page 3 of another selection means nothing).
import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDebounced } from './hooks.ts';

/** How one filter reads from and writes to its address parameter (null: leave it out). */
export interface Param<T> {
  name: string;
  parse: (raw: string | null) => T;
  format: (value: T) => string | null;
}

export const param = {
  /** Free text (a search): the empty string by default. */
  text: (name: string): Param<string> => ({ name, parse: (r) => r ?? '', format: (v) => v.trim() || null }),
  /** A positive id; 0 when absent or not a number. */
  id: (name: string): Param<number> => ({
    name,
    parse: (r) => (r && /^\d+$/.test(r) ? Number(r) : 0),
    format: (v) => (v > 0 ? String(v) : null),
  }),
  /** An on/off filter: "1" when on. */
  flag: (name: string): Param<boolean> => ({ name, parse: (r) => r === '1', format: (v) => (v ? '1' : null) }),
  /** A day (yyyy-mm-dd, as a date input gives it); anything else reads as no date. */
  day: (name: string): Param<string> => ({
    name,
    parse: (r) => (r && /^\d{4}-\d{2}-\d{2}$/.test(r) ? r : ''),
    format: (v) => v || null,
  }),
  /** One of a few values; `fallback` when absent or unknown. `alias` spells a value differently in the address. */
  oneOf: <V extends string>(name: string, values: readonly V[], fallback: V | '', alias: Partial<Record<V, string>> = {}): Param<V | ''> => {
    const spelled = (v: V) => alias[v] ?? v;
    return {
      name,
      parse: (r) => values.find((v) => spelled(v) === r) ?? fallback,
      format: (v) => (v && v !== fallback ? spelled(v as V) : null),
    };
  },
};

export type SortDir = 'asc' | 'desc';
export interface SortState<K extends string = string> {
  key: K;
  dir: SortDir;
}

/** The sort of a list: `key` in the address, "-key" for the other direction than the key's natural one. */
export interface SortParam<K extends string> {
  name: string;
  keys: readonly K[];
  fallback: SortState<K>;
  /** Each key's natural direction (ascending unless said). */
  natural?: Partial<Record<K, SortDir>>;
}

type Params<F> = { [P in keyof F]: Param<F[P]> };

export interface ListParams<F, K extends string> {
  filters: F;
  page: number;
  sort: SortState<K>;
  /** Whether any filter differs from its default (the sort does not count). */
  filtered: boolean;
  /** Changes some filters and goes back to page 1. `replace` rewrites the history entry (typing). */
  setFilters: (changes: Partial<F>, options?: { replace?: boolean }) => void;
  setPage: (page: number) => void;
  /** A key the list does not sort by is ignored. */
  setSort: (sort: SortState) => void;
  /** Every filter back to its default; the sort stays. */
  clear: () => void;
}

const PAGE = 'page';

export function parseSort<K extends string>(spec: SortParam<K>, raw: string | null): SortState<K> {
  if (!raw) return spec.fallback;
  const reversed = raw.startsWith('-');
  const key = spec.keys.find((k) => k === (reversed ? raw.slice(1) : raw));
  if (!key) return spec.fallback;
  const natural = spec.natural?.[key] ?? 'asc';
  return { key, dir: reversed ? (natural === 'asc' ? 'desc' : 'asc') : natural };
}

export function formatSort<K extends string>(spec: SortParam<K>, s: SortState<K>): string | null {
  const natural = spec.natural?.[s.key] ?? 'asc';
  if (s.key === spec.fallback.key && s.dir === spec.fallback.dir) return null;
  return s.dir === natural ? s.key : `-${s.key}`;
}

const NO_SORT: SortParam<string> = { name: 'tri', keys: [], fallback: { key: '', dir: 'asc' } };

/**
 * `pageName` names the page's parameter: a list inside a page that has another (the retours of a
 * project's page) takes its own, as its filters do.
 */
export function useListParams<F extends object, K extends string = string>(params: Params<F>, sortSpec?: SortParam<K>, pageName = PAGE): ListParams<F, K> {
  const [search, setSearch] = useSearchParams();
  const spec = (sortSpec ?? NO_SORT) as SortParam<K>;

  const filters = useMemo(() => {
    const out = {} as F;
    for (const key of Object.keys(params) as (keyof F)[]) out[key] = params[key].parse(search.get(params[key].name));
    return out;
  }, [params, search]);
  const page = Math.max(1, Number(search.get(pageName)) || 1);
  const sort = parseSort(spec, search.get(spec.name));
  const filtered = (Object.keys(params) as (keyof F)[]).some((k) => params[k].format(filters[k]) !== null);

  return useMemo(() => {
    const write = (change: (n: URLSearchParams) => void, replace = false) =>
      setSearch(
        (current) => {
          const next = new URLSearchParams(current);
          change(next);
          return next;
        },
        { replace },
      );
    const put = (n: URLSearchParams, name: string, value: string | null) => (value === null ? n.delete(name) : n.set(name, value));
    return {
      filters,
      page,
      sort,
      filtered,
      setFilters: (changes, options) =>
        write((n) => {
          for (const key of Object.keys(changes) as (keyof F)[]) put(n, params[key].name, params[key].format(changes[key] as F[keyof F]));
          n.delete(pageName);
        }, options?.replace),
      setPage: (p) => write((n) => put(n, pageName, p > 1 ? String(p) : null)),
      setSort: (s) => {
        const key = spec.keys.find((k) => k === s.key);
        if (!key) return;
        write((n) => {
          put(n, spec.name, formatSort(spec, { key, dir: s.dir }));
          n.delete(pageName);
        });
      },
      clear: () =>
        write((n) => {
          for (const p of Object.values(params) as Param<unknown>[]) n.delete(p.name);
          n.delete(pageName);
        }),
    };
    // sort is rebuilt on every render from the address: its fields are the dependencies.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filters, page, sort.key, sort.dir, filtered, params, spec, setSearch, pageName]);
}

/**
 * What a text box shows while the user types, and its value in the address once they pause
 * (`commit`, which should replace the history entry rather than add one per word). When the
 * address changes by other means (back button, « Effacer les filtres »), the box follows.
 */
export function useTypedFilter(committed: string, commit: (value: string) => void, ms = 300): [string, (value: string) => void] {
  const [draft, setDraft] = useState(committed);
  const [seen, setSeen] = useState(committed);
  if (committed !== seen) {
    setSeen(committed);
    if (committed !== draft.trim()) setDraft(committed);
  }
  const settled = useDebounced(draft, ms);
  const onSettled = useEffectEvent((value: string) => {
    if (value.trim() !== committed) commit(value.trim());
  });
  useEffect(() => onSettled(settled), [settled]);
  return [draft, setDraft];
}

/** The search box of a list with a `q` filter: useTypedFilter writing `q` to the address in place. */
export function useSearchFilter<F extends { q: string }, K extends string>(list: ListParams<F, K>): [string, (value: string) => void] {
  return useTypedFilter(list.filters.q, (v) => list.setFilters({ q: v } as Partial<F>, { replace: true }));
}
