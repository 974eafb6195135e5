import { useId } from 'react';
import { SearchIcon } from './icons.tsx';

// A search box; the list under it follows as the user types (the caller debounces).
export function SearchField({ label, value, onChange, placeholder }: { label: string; value: string; onChange: (v: string) => void; placeholder?: string }) {
  const id = useId();
  return (
    <div className="w-full sm:max-w-sm">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <div className="relative">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-3.5 size-5 -translate-y-1/2 text-gray-600" />
        <input
          id={id}
          type="search"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={placeholder ?? label}
          autoComplete="off"
          spellCheck={false}
          className="block h-12 w-full rounded-lg border border-gray-500 bg-white pr-3.5 pl-11 text-base text-gray-900 placeholder:text-gray-600 focus:border-brand-700 focus-visible:outline-offset-0"
        />
      </div>
    </div>
  );
}
