import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import type { RetourPriority, RetourStatus } from '../../api.ts';
import { AlertIcon, ChatIcon, CheckCircleIcon, CheckIcon, CircleIcon, ClockIcon, PlayIcon, RestoreIcon } from '../../components/icons.tsx';
import { Badge, type Tone } from '../../components/ProjectBadges.tsx';

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
