import { useTranslation } from '../../i18n/index.ts';
import type { RetourPriority, RetourStatus } from '../../api.ts';
import { AlertIcon, ChatIcon, CheckCircleIcon, CheckIcon, CircleIcon, ClockIcon, PlayIcon, RestoreIcon } from '../../components/icons.tsx';
import { Badge, valueBadge } from '../../components/ProjectBadges.tsx';

const icon = 'size-3.5 shrink-0';

/** A retour's state as icon + word (« Résolu » waits for the client: amber). */
export const RetourStatusBadge = valueBadge<RetourStatus, 'status'>('status', 'retours.status', {
  nouveau: { tone: 'info', Icon: CircleIcon },
  pris_en_compte: { tone: 'neutral', Icon: CheckIcon },
  en_cours: { tone: 'info', Icon: PlayIcon },
  resolu: { tone: 'warning', Icon: ClockIcon },
  cloture: { tone: 'success', Icon: CheckCircleIcon },
  rouvert: { tone: 'danger', Icon: RestoreIcon },
});

export const RetourPriorityBadge = valueBadge<RetourPriority, 'priority'>('priority', 'retours.priority', {
  bloquant: { tone: 'danger', Icon: AlertIcon },
  majeur: { tone: 'warning', Icon: AlertIcon },
  mineur: { tone: 'neutral', Icon: AlertIcon },
});

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
