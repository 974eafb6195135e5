import type { ReactNode } from 'react';
import { formatDateTime } from '../lib/format.ts';

/** One line of a history (a project's delivered steps, a retour's moves): an icon, what happened, when. */
export function TimelineItem({ icon, at, children }: { icon: ReactNode; at: string; children: ReactNode }) {
  return (
    <li className="flex gap-3 text-sm">
      <span className="mt-0.5 shrink-0">{icon}</span>
      <div className="min-w-0">
        {children}
        <p className="text-gray-700">
          <time dateTime={at}>{formatDateTime(at)}</time>
        </p>
      </div>
    </li>
  );
}
