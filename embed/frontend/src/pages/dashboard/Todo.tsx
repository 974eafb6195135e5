import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from '../../components/Link.tsx';
import { useTranslation } from '../../i18n/index.ts';
import { LIST_TOTAL_CAP, toApiError, type ApiError, type TodoList, type TodoRetour, type VersionInContext } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { CheckCircleIcon, ChevronRightIcon, HourglassIcon } from '../../components/icons.tsx';
import { UnreadBadge } from '../../components/ProjectBadges.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { ADMIN_RETOURS_PATH, projectDeliverablesPath, retourPath } from '../../config.ts';
import { formatDuration } from '../../lib/format.ts';
import { todoQueries } from '../../lib/queries.ts';
import { RetourPriorityBadge, RetourStatusBadge } from '../retours/RetourBadges.tsx';

// « À traiter » (issue 14, §4): what waits for whom, on both dashboards. Each entry links to the
// page where it is acted on; each list says how many there are in all.

/** A list's total as shown: past the server's cap, "1000+". */
export function todoCount(total: number): string {
  return total >= LIST_TOTAL_CAP ? `${LIST_TOTAL_CAP}+` : String(total);
}

/** The client's « À traiter »: versions to decide on, resolved retours to confirm, questions to answer. */
export function ClientTodoSection() {
  const { t } = useTranslation();
  const todo = useQuery(todoQueries.client());
  const d = todo.data;
  const total = d ? d.versions.total + d.resolved.total + d.questions.total : 0;
  return (
    <TodoFrame id="a-traiter" title={t('todo.title')} total={total} loading={todo.isPending} error={todo.error ? toApiError(todo.error) : null} reload={() => void todo.refetch()}>
      {d &&
        (total === 0 ? (
          <AllClear text={t('todo.clientNothing')} />
        ) : (
          <div className="grid gap-4 lg:grid-cols-3">
            <VersionsList title={t('todo.versions')} list={d.versions} />
            <RetoursList title={t('todo.resolved')} list={d.resolved} action={t('todo.actConfirm')} />
            <RetoursList title={t('todo.questions')} list={d.questions} action={t('todo.actAnswer')} />
          </div>
        ))}
    </TodoFrame>
  );
}

/** The staff's « À traiter »: retours to take into account, bloquants open, retours past the response delay. */
export function StaffTodoSection() {
  const { t } = useTranslation();
  const todo = useQuery(todoQueries.staff());
  const d = todo.data;
  // No figure beside the title: a retour may be in several lists (a late bloquant), each list counts its own.
  return (
    <TodoFrame id="a-traiter" title={t('todo.title')} total={0} loading={todo.isPending} error={todo.error ? toApiError(todo.error) : null} reload={() => void todo.refetch()}>
      {d &&
        (d.new.total + d.blocking.total + d.late.total === 0 ? (
          <AllClear text={t('todo.staffNothing')} />
        ) : (
          <div className="grid gap-4 lg:grid-cols-3">
            <RetoursList title={t('todo.late', { count: d.delay_days })} list={d.late} action={t('todo.actOpen')} showClient alert />
            <RetoursList title={t('todo.blocking')} list={d.blocking} action={t('todo.actOpen')} showClient alert />
            <RetoursList title={t('todo.new')} list={d.new} action={t('todo.actOpen')} showClient />
          </div>
        ))}
      {d && (
        <p className="mt-4">
          <Link to={ADMIN_RETOURS_PATH} className="inline-flex min-h-11 items-center gap-1 font-semibold text-brand-700 underline-offset-4 hover:underline">
            {t('todo.allRetours')}
            <ChevronRightIcon className="size-4" />
          </Link>
        </p>
      )}
    </TodoFrame>
  );
}

function TodoFrame({
  id,
  title,
  total,
  loading,
  error,
  reload,
  children,
}: {
  id: string;
  title: string;
  total: number;
  loading: boolean;
  error: ApiError | null;
  reload: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={`${id}-titre`}>
      <h2 id={`${id}-titre`} className="mb-4 flex items-center gap-2 text-xl font-bold text-gray-900">
        {title}
        {total > 0 && (
          <span className="rounded-full bg-amber-100 px-2.5 py-0.5 text-sm font-semibold text-amber-900 tabular-nums" aria-label={t('todo.countLabel', { count: total })}>
            {todoCount(total)}
          </span>
        )}
      </h2>
      {loading ? (
        <Skeleton rows={2} />
      ) : error ? (
        <div className="space-y-4">
          <ErrorNotice error={error} />
          <Button onClick={reload}>{t('session.retry')}</Button>
        </div>
      ) : (
        children
      )}
    </section>
  );
}

/** « Nothing to do » with its tick; `boxed` gives it the card a list would have (off inside a card). */
export function AllClear({ text, boxed = true }: { text: string; boxed?: boolean }) {
  return (
    <p className={`flex items-center gap-2 text-gray-700 ${boxed ? 'rounded-2xl bg-white p-4 shadow-sm ring-1 ring-gray-200' : ''}`}>
      <CheckCircleIcon className="size-5 shrink-0 text-success-800" />
      {text}
    </p>
  );
}

function ListBox({ title, total, alert = false, children }: { title: string; total: number; alert?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-gray-200 sm:p-5" aria-label={title}>
      <h3 className="mb-3 flex items-center justify-between gap-2 font-bold text-gray-900">
        <span className="min-w-0 break-words">{title}</span>
        <span
          className={`shrink-0 rounded-full px-2 py-0.5 text-sm font-semibold tabular-nums ${alert && total > 0 ? 'bg-danger-50 text-danger-800' : 'bg-gray-100 text-gray-800'}`}
          data-testid="todo-count"
        >
          {todoCount(total)}
        </span>
      </h3>
      {total === 0 ? <p className="text-sm text-gray-700">{t('todo.none')}</p> : <ul className="divide-y divide-gray-200">{children}</ul>}
    </section>
  );
}

function VersionsList({ title, list }: { title: string; list: TodoList<VersionInContext> }) {
  const { t } = useTranslation();
  return (
    <ListBox title={title} total={list.total}>
      {list.items.map((v) => (
        <li key={v.id} className="py-2 first:pt-0 last:pb-0">
          <Link to={projectDeliverablesPath(v.project_id)} className="inline-flex min-h-11 items-center font-semibold break-words text-brand-700 underline-offset-4 hover:underline">
            {t('dashboard.deliverableVersion', { title: v.deliverable_title, number: v.number })}
          </Link>
          <p className="text-sm break-words text-gray-700">{v.project_name}</p>
          <p className="mt-1 flex items-center gap-1.5 text-sm font-medium text-amber-900">
            <HourglassIcon className="size-4 shrink-0" />
            {t('overview.waitingFor', { duration: formatDuration(v.waiting_seconds) })}
          </p>
          <p className="text-sm text-gray-700">{t('todo.actDecide')}</p>
        </li>
      ))}
    </ListBox>
  );
}

function RetoursList({ title, list, action, showClient = false, alert = false }: { title: string; list: TodoList<TodoRetour>; action: string; showClient?: boolean; alert?: boolean }) {
  const { t } = useTranslation();
  return (
    <ListBox title={title} total={list.total} alert={alert}>
      {list.items.map((r) => (
        <li key={r.id} className="py-2 first:pt-0 last:pb-0">
          <Link to={retourPath(r.project_id, r.id)} className="inline-flex min-h-11 items-center font-semibold break-words text-brand-700 underline-offset-4 hover:underline">
            {r.title} <span className="sr-only">— {action}</span>
          </Link>
          <p className="text-sm break-words text-gray-700">
            {r.project_name}
            {showClient && ` · ${r.client_name}`}
          </p>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm">
            <RetourStatusBadge status={r.status} />
            <RetourPriorityBadge priority={r.priority} />
            <UnreadBadge count={r.unread} />
            {showClient && <span className="text-gray-700">{t('todo.waitingDays', { count: r.waiting_days })}</span>}
          </p>
        </li>
      ))}
    </ListBox>
  );
}
