import type { ReactNode } from 'react';
import { LIST_TOTAL_CAP, type PageOf } from '../api.ts';
import { PAGE_SIZE } from '../config.ts';
import { useTranslation, type TFunction } from '../i18n/index.ts';
import { formatNumber } from '../lib/format.ts';
import { Button } from './Button.tsx';
import { ChevronLeftIcon, ChevronRightIcon } from './icons.tsx';

// "Page 2 sur 5" with previous / next buttons; hidden when everything fits on one page.
export function Pagination({ page, perPage, total, onPage, label }: { page: number; perPage: number; total: number; onPage: (page: number) => void; label: string }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} className="mt-6 flex flex-wrap items-center justify-between gap-3">
      <Button onClick={() => onPage(page - 1)} disabled={page <= 1} icon={<ChevronLeftIcon className="size-4" />}>
        {t('pagination.previous')}
      </Button>
      <p className="text-sm text-gray-700" aria-live="polite">
        {t('pagination.status', { page, pages })}
      </p>
      <Button onClick={() => onPage(page + 1)} disabled={page >= pages}>
        {t('pagination.next')}
        <ChevronRightIcon className="size-4" />
      </Button>
    </nav>
  );
}

/**
 * How many a list holds, from its key ("audit.count", plural by {{count}}, the number as {{n}}),
 * or its "…Capped" twin once the server stopped counting at LIST_TOTAL_CAP (« plus de 1 000 »).
 */
export function listTotal(t: TFunction, key: string, total: number): string {
  return total >= LIST_TOTAL_CAP ? t(`${key}Capped`, { n: formatNumber(LIST_TOTAL_CAP) }) : t(key, { count: total, n: formatNumber(total) });
}

/** One page of a long list: how many there are in all (once there are any), the list, then the pages. */
export function PagedList({
  data,
  list,
  count,
  label,
  perPage = PAGE_SIZE,
  children,
}: {
  data: PageOf<unknown>;
  list: { page: number; setPage: (page: number) => void };
  count?: string;
  label: string;
  perPage?: number;
  children: ReactNode;
}) {
  return (
    <>
      {count !== undefined && data.items.length > 0 && (
        <p className="mb-3 text-sm text-gray-700" aria-live="polite">
          {count}
        </p>
      )}
      {children}
      <Pagination page={list.page} perPage={data.per_page || perPage} total={data.total} onPage={list.setPage} label={label} />
    </>
  );
}
