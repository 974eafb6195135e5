import type { ReactNode } from 'react';
import type { HelpTopic } from '../help.ts';
import { HelpLink } from './HelpLink.tsx';

// The top of a private page: its title, an optional line above (breadcrumb, section) and actions.
export function PageHeader({ title, eyebrow, actions, children, help }: { title: ReactNode; eyebrow?: ReactNode; actions?: ReactNode; children?: ReactNode; help?: HelpTopic }) {
  return (
    <div className="mb-6 flex flex-col gap-4 sm:mb-8 sm:flex-row sm:items-end sm:justify-between">
      <div className="min-w-0">
        {eyebrow && <div className="mb-1 text-sm font-semibold text-brand-700">{eyebrow}</div>}
        <div className="flex items-start gap-2">
          <h1 className="text-2xl font-bold tracking-tight break-words text-gray-900 sm:text-3xl">{title}</h1>
          {help && <HelpLink topic={help} />}
        </div>
        {children && <div className="mt-2 text-gray-700">{children}</div>}
      </div>
      {actions && <div className="flex shrink-0 flex-wrap gap-3">{actions}</div>}
    </div>
  );
}

/** A white card that holds one part of a page. */
export function Section({ title, description, children, id, actions }: { title: string; description?: ReactNode; children: ReactNode; id?: string; actions?: ReactNode }) {
  const headingId = id ? `${id}-titre` : undefined;
  return (
    <section id={id} aria-labelledby={headingId} className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 sm:p-7">
      <div className="mb-5 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h2 id={headingId} className="text-lg font-bold text-gray-900">
            {title}
          </h2>
          {description && <div className="mt-1 text-sm text-gray-700">{description}</div>}
        </div>
        {actions && <div className="flex shrink-0 flex-wrap gap-3">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
