import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { toApiError } from '../api.ts';
import { useTranslation } from '../i18n/index.ts';
import { Button } from './Button.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Skeleton } from './Skeleton.tsx';

/**
 * What a query shows while it has nothing yet: a skeleton while it loads, its error with a retry
 * button when it failed; then `children` with the data. A failed reload of data already shown
 * keeps it on screen (the next live event or visit tries again).
 */
export function QueryView<T>({ query, loading = <Skeleton rows={5} />, retry = true, children }: { query: UseQueryResult<T>; loading?: ReactNode; retry?: boolean; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.isError) {
    return (
      <div className="space-y-4">
        <ErrorNotice error={toApiError(query.error)} />
        {retry && <Button onClick={() => void query.refetch()}>{t('session.retry')}</Button>}
      </div>
    );
  }
  return <>{loading}</>;
}
