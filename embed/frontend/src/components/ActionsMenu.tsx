import type { ReactNode } from 'react';
import { usePopover } from '../lib/popover.ts';
import { MoreIcon } from './icons.tsx';

export interface MenuAction {
  key: string;
  label: string;
  icon?: ReactNode;
  danger?: boolean;
  onSelect: () => void;
}

function focusFirstItem(menu: HTMLElement | null) {
  menu?.querySelector<HTMLButtonElement>('[data-menu-item]')?.focus();
}

// A button that opens a short list of actions (a disclosure: plain buttons, Tab and Escape work).
export function ActionsMenu({ label, actions }: { label: string; actions: MenuAction[] }) {
  const { open, close, panelId, root, triggerProps } = usePopover<HTMLDivElement>(focusFirstItem);

  return (
    <div
      ref={root}
      className="relative inline-block text-left"
      onBlur={(e) => {
        if (open && !root.current?.contains(e.relatedTarget as Node | null) && e.relatedTarget) close();
      }}
    >
      <button {...triggerProps} className="inline-flex size-11 items-center justify-center rounded-lg border border-gray-300 bg-white text-gray-700 hover:bg-gray-50 hover:text-gray-900">
        <MoreIcon className="size-5" />
        <span className="sr-only">{label}</span>
      </button>
      <div id={panelId} hidden={!open} className="absolute right-0 z-30 mt-1 w-64 origin-top-right rounded-xl bg-white py-1.5 shadow-lg ring-1 ring-gray-300">
        <ul>
          {actions.map((a) => (
            <li key={a.key}>
              <button
                type="button"
                data-menu-item
                onClick={() => {
                  close();
                  a.onSelect();
                }}
                className={`flex min-h-11 w-full items-center gap-3 px-4 text-left text-sm font-medium hover:bg-gray-100 ${a.danger ? 'text-danger-700' : 'text-gray-900'}`}
              >
                {a.icon}
                {a.label}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
