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

/** The badge a table gives a value (tone and icon), worded by the text `${textPrefix}.${value}`; nothing for a value it does not know. */
export function ValueBadge({ specs, value, textPrefix }: { specs: Record<string, BadgeSpec>; value: string; textPrefix: string }) {
  const { t } = useTranslation();
  const spec = specs[value];
  if (!spec) return null;
  return (
    <Badge tone={spec.tone} icon={<spec.Icon className={icon} />}>
      {t(`${textPrefix}.${value}`)}
    </Badge>
  );
}

const projectStatuses: Record<ProjectStatus, BadgeSpec> = {
  en_cours: { tone: 'info', Icon: PlayIcon },
  en_pause: { tone: 'warning', Icon: PauseIcon },
  termine: { tone: 'success', Icon: CheckCircleIcon },
};

export function ProjectStatusBadge({ status }: { status: ProjectStatus }) {
  return <ValueBadge specs={projectStatuses} value={status} textPrefix="projects.status" />;
}

const schedules: Record<Schedule, BadgeSpec> = {
  on_time: { tone: 'neutral', Icon: CheckIcon },
  at_risk: { tone: 'warning', Icon: AlertIcon },
  late: { tone: 'danger', Icon: AlertIcon },
};

/** Whether the project keeps to its dates: on time, at risk (a step overdue or progress behind time), late. */
export function ScheduleBadge({ schedule }: { schedule: Schedule }) {
  return <ValueBadge specs={schedules} value={schedule} textPrefix="projects.schedule" />;
}

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

export function MilestoneStateBadge({ state }: { state: MilestoneState }) {
  return <ValueBadge specs={milestoneStates} value={state} textPrefix="milestones.state" />;
}

const versionStatuses: Record<VersionStatus, BadgeSpec> = {
  en_attente: { tone: 'warning', Icon: HourglassIcon },
  valide: { tone: 'success', Icon: CheckCircleIcon },
  modifications: { tone: 'danger', Icon: PencilIcon },
};

export function VersionStatusBadge({ status }: { status: VersionStatus }) {
  return <ValueBadge specs={versionStatuses} value={status} textPrefix="deliverables.status" />;
}

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
