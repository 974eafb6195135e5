import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import type { Retour, RetourPriority, RetourStatus } from '../../api.ts';
import { Link } from '../../components/Link.tsx';
import { AlertIcon, ChatIcon, CheckCircleIcon, CheckIcon, CircleIcon, ClockIcon, PlayIcon, RestoreIcon } from '../../components/icons.tsx';
import { Badge, type Tone } from '../../components/ProjectBadges.tsx';
import { retourPath } from '../../config.ts';
import { formatDateTime } from '../../lib/format.ts';

const icon = 'size-3.5 shrink-0';

const statusSpec: Record<RetourStatus, { tone: Tone; icon: ReactNode }> = {
  nouveau: { tone: 'info', icon: <CircleIcon className={icon} /> },
  pris_en_compte: { tone: 'neutral', icon: <CheckIcon className={icon} /> },
  en_cours: { tone: 'info', icon: <PlayIcon className={icon} /> },
  resolu: { tone: 'warning', icon: <ClockIcon className={icon} /> },
  cloture: { tone: 'success', icon: <CheckCircleIcon className={icon} /> },
  rouvert: { tone: 'danger', icon: <RestoreIcon className={icon} /> },
};

/** A retour's state as icon + word (« Résolu » waits for the client: amber). */
export function RetourStatusBadge({ status }: { status: RetourStatus }) {
  const { t } = useTranslation();
  const spec = statusSpec[status];
  if (!spec) return null;
  return (
    <Badge tone={spec.tone} icon={spec.icon}>
      {t(`retours.status.${status}`)}
    </Badge>
  );
}

const priorityTone: Record<RetourPriority, Tone> = { bloquant: 'danger', majeur: 'warning', mineur: 'neutral' };

export function RetourPriorityBadge({ priority }: { priority: RetourPriority }) {
  const { t } = useTranslation();
  return (
    <Badge tone={priorityTone[priority] ?? 'neutral'} icon={<AlertIcon className={icon} />}>
      {t(`retours.priority.${priority}`)}
    </Badge>
  );
}

/** One retour in a list: its title (the link to its page), state, priority, kind and origin. */
export function RetourItem({ retour: r, showProject = false }: { retour: Retour; showProject?: boolean }) {
  const { t } = useTranslation();
  return (
    <li className="rounded-xl bg-white p-4 ring-1 ring-gray-200">
      <div className="flex flex-wrap items-center gap-2">
        <RetourStatusBadge status={r.status} />
        <RetourPriorityBadge priority={r.priority} />
        <span className="text-sm font-semibold text-gray-800">{t(`retours.kind.${r.kind}`)}</span>
      </div>
      <p className="mt-2">
        <Link to={retourPath(r.project_id, r.id)} className="inline-flex min-h-11 items-center font-bold break-words text-brand-700 underline-offset-4 hover:underline">
          {r.title}
        </Link>
      </p>
      <p className="text-sm text-gray-700">
        {showProject && (
          <>
            {r.client_name} · {r.project_name} ·{' '}
          </>
        )}
        {t('retours.number', { id: r.id })} · <time dateTime={r.created_at}>{formatDateTime(r.created_at)}</time> · {t('retours.by', { name: r.opened_by })}
        {r.milestone_title && <> · {r.milestone_title}</>}
        {r.assignee_name && <> · {t('retours.assignedTo', { name: r.assignee_name })}</>}
      </p>
    </li>
  );
}

/** The « N retours ouverts » mark of a project card or a dashboard line. */
export function OpenRetoursMark({ count }: { count: number }) {
  const { t } = useTranslation();
  if (!count) return null;
  return (
    <Badge tone="warning" icon={<ChatIcon className={icon} />}>
      {t('retours.countOpen', { count })}
    </Badge>
  );
}
