import type { ReactNode } from 'react';

/** One term and its value in a page's facts (a <dl>); wide spans the whole row of its grid. */
export function Fact({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'col-span-2 xl:col-span-4' : 'min-w-0'}>
      <dt className="font-semibold text-gray-700">{label}</dt>
      <dd className="mt-0.5 break-words text-gray-900">{children}</dd>
    </div>
  );
}
