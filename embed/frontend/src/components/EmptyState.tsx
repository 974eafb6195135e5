import type { ReactNode } from 'react';

// What an empty list says: what it is, and what to do next.
export function EmptyState({ icon, title, children, action }: { icon?: ReactNode; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-2xl border border-dashed border-gray-400 bg-white px-6 py-10 text-center">
      {icon && <div className="mx-auto mb-3 flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-700">{icon}</div>}
      <h2 className="text-lg font-semibold text-gray-900">{title}</h2>
      {children && <div className="mx-auto mt-2 max-w-md text-gray-700">{children}</div>}
      {action && <div className="mt-6 flex justify-center">{action}</div>}
    </div>
  );
}
