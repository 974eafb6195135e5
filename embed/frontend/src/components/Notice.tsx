import type { ReactNode } from 'react';
import { CheckCircleIcon, InfoIcon } from './icons.tsx';

// A box that tells something good (success) or useful (info): icon + text, never colour alone.
export function Notice({ kind = 'info', title, children }: { kind?: 'info' | 'success'; title?: string; children?: ReactNode }) {
  const styles = kind === 'success' ? 'border-success-200 bg-success-50 text-success-800' : 'border-brand-200 bg-brand-50 text-brand-900';
  const Icon = kind === 'success' ? CheckCircleIcon : InfoIcon;
  return (
    <div className={`flex gap-3 rounded-lg border p-4 ${styles}`}>
      <Icon className="mt-0.5 size-5 shrink-0" />
      <div className="min-w-0">
        {title && <p className="font-semibold">{title}</p>}
        {children && <div className={title ? 'mt-1' : ''}>{children}</div>}
      </div>
    </div>
  );
}
