import { useRef, type KeyboardEvent } from 'react';

export interface TabItem<K extends string> {
  key: K;
  label: string;
}

// Tabs that filter the list below them (WAI-ARIA tabs: arrows move between them).
export function Tabs<K extends string>({ label, tabs, current, onChange, panelId }: { label: string; tabs: TabItem<K>[]; current: K; onChange: (k: K) => void; panelId: string }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  function onKeyDown(e: KeyboardEvent, index: number) {
    let next = -1;
    if (e.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    onChange(tabs[next].key);
    refs.current[next]?.focus();
  }
  return (
    <div role="tablist" aria-label={label} className="inline-flex rounded-xl bg-gray-200/70 p-1">
      {tabs.map((tab, i) => {
        const selected = tab.key === current;
        return (
          <button
            key={tab.key}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${panelId}-onglet-${tab.key}`}
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(tab.key)}
            onKeyDown={(e) => onKeyDown(e, i)}
            className={`min-h-11 rounded-lg px-4 text-sm font-semibold transition-colors ${selected ? 'bg-white text-brand-800 shadow-sm' : 'text-gray-700 hover:text-gray-900'}`}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}
