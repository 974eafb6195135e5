import { useTranslation } from '../i18n/index.ts';
import type { User } from '../api.ts';
import { ArchiveIcon, BanIcon, CheckIcon, ClockIcon, ShieldIcon } from './icons.tsx';

export type Status = 'active' | 'pending' | 'disabled' | 'archived' | 'admin' | 'totp';

const styles: Record<Status, string> = {
  active: 'bg-success-50 text-success-800 ring-success-200',
  pending: 'bg-amber-50 text-amber-900 ring-amber-200',
  disabled: 'bg-gray-100 text-gray-800 ring-gray-300',
  archived: 'bg-gray-100 text-gray-800 ring-gray-300',
  admin: 'bg-brand-50 text-brand-800 ring-brand-200',
  totp: 'bg-success-50 text-success-800 ring-success-200',
};

const icons = { active: CheckIcon, pending: ClockIcon, disabled: BanIcon, archived: ArchiveIcon, admin: ShieldIcon, totp: ShieldIcon };

// A status as icon + word, so that it reads without colour too.
export function StatusBadge({ status, label }: { status: Status; label?: string }) {
  const { t } = useTranslation();
  const Icon = icons[status];
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2.5 py-1 text-xs font-semibold whitespace-nowrap ring-1 ring-inset ${styles[status]}`}>
      <Icon className="size-3.5" />
      {label ?? t(`status.${status}`)}
    </span>
  );
}

/** An account's state: disabled, waiting for its invitation to be accepted, or active. */
export function userStatus(user: Pick<User, 'disabled' | 'password_set'>): Status {
  if (user.disabled) return 'disabled';
  if (!user.password_set) return 'pending';
  return 'active';
}
