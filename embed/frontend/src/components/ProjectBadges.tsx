import type { ReactNode } from 'react';
import { useTranslation } from '../i18n/index.ts';
import type { MilestoneState, ProjectStatus, Schedule, VersionStatus } from '../api.ts';
import { AlertIcon, ChatIcon, CheckCircleIcon, CheckIcon, CircleIcon, ClockIcon, HourglassIcon, PackageIcon, PauseIcon, PencilIcon, PlayIcon } from './icons.tsx';

export type Tone = 'neutral' | 'info' | 'warning' | 'success' | 'danger';

// Every tone keeps its text at 4.5:1 or more on its background; the icon and the word carry the
// meaning, the colour only helps.
const tones: Record<Tone, string> = {
  neutral: 'bg-gray-100 text-gray-800 ring-gray-300',
  info: 'bg-blue-50 text-blue-800 ring-blue-200',
  warning: 'bg-amber-50 text-amber-900 ring-amber-300',
  success: 'bg-success-50 text-success-800 ring-success-200',
  danger: 'bg-danger-50 text-danger-800 ring-danger-200',
};

/** A state as icon + word, so that it reads without colour too. */
export function Badge({ tone, icon, children, className = '' }: { tone: Tone; icon: ReactNode; children: ReactNode; className?: string }) {
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2.5 py-1 text-xs font-semibold whitespace-nowrap ring-1 ring-inset ${tones[tone]} ${className}`}>
      {icon}
      {children}
    </span>
  );
}

const icon = 'size-3.5 shrink-0';

export type BadgeSpec = { tone: Tone; Icon: (props: { className?: string }) => ReactNode };

/**
 * The badge component of a kind of value, read from its prop `prop`: the table gives each value its
 * tone and icon, the text is `${textPrefix}.${value}`; nothing for a value it does not know.
 */
export function valueBadge<V extends string, P extends string>(prop: P, textPrefix: string, specs: Record<V, BadgeSpec>) {
  return function ValueBadge(props: Record<P, V>) {
    const { t } = useTranslation();
    const value = props[prop];
    const spec = specs[value];
    if (!spec) return null;
    return (
      <Badge tone={spec.tone} icon={<spec.Icon className={icon} />}>
        {t(`${textPrefix}.${value}`)}
      </Badge>
    );
  };
}

export const ProjectStatusBadge = valueBadge<ProjectStatus, 'status'>('status', 'projects.status', {
  en_cours: { tone: 'info', Icon: PlayIcon },
  en_pause: { tone: 'warning', Icon: PauseIcon },
  termine: { tone: 'success', Icon: CheckCircleIcon },
});

/** Whether the project keeps to its dates: on time, at risk (a step overdue or progress behind time), late. */
export const ScheduleBadge = valueBadge<Schedule, 'schedule'>('schedule', 'projects.schedule', {
  on_time: { tone: 'neutral', Icon: CheckIcon },
  at_risk: { tone: 'warning', Icon: AlertIcon },
  late: { tone: 'danger', Icon: AlertIcon },
});

/** « Étape en retard »: a step's due date passed and it is not delivered. */
export function OverdueFlag({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Badge tone="danger" icon={<AlertIcon className={icon} />}>
      {label ?? t('projects.overdueStep')}
    </Badge>
  );
}

const milestoneStates: Record<MilestoneState, BadgeSpec> = {
  a_venir: { tone: 'neutral', Icon: CircleIcon },
  en_cours: { tone: 'info', Icon: ClockIcon },
  livree: { tone: 'warning', Icon: PackageIcon },
  validee: { tone: 'success', Icon: CheckCircleIcon },
};

export function MilestoneStateIcon({ state, className = icon }: { state: MilestoneState; className?: string }) {
  const { Icon } = milestoneStates[state] ?? milestoneStates.a_venir;
  return <Icon className={className} />;
}

export const MilestoneStateBadge = valueBadge<MilestoneState, 'state'>('state', 'milestones.state', milestoneStates);

export const VersionStatusBadge = valueBadge<VersionStatus, 'status'>('status', 'deliverables.status', {
  en_attente: { tone: 'warning', Icon: HourglassIcon },
  valide: { tone: 'success', Icon: CheckCircleIcon },
  modifications: { tone: 'danger', Icon: PencilIcon },
});

/** The server counts a project's unread messages up to 100: from there the badge says « 99+ ». */
const UNREAD_SHOWN_MAX = 99;

/** « 3 nouveaux messages » on a project's card or row; nothing when everything is read. */
export function UnreadBadge({ count }: { count: number | undefined }) {
  const { t } = useTranslation();
  if (!count) return null;
  return (
    <Badge tone="danger" icon={<ChatIcon className={icon} />} className="relative z-10">
      {count > UNREAD_SHOWN_MAX ? t('messages.unreadBadgeMany', { max: UNREAD_SHOWN_MAX }) : t('messages.unreadBadge', { count })}
    </Badge>
  );
}
