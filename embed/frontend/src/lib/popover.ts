import { useCallback, useEffect, useId, useRef, useState } from 'react';

/**
 * A button that opens a popover (a menu, a panel): its open state, the props of the button
 * (aria-expanded and aria-controls naming the popover, `panelId`), and its dismissal: Escape closes
 * it and gives the focus back to the button; a press anywhere outside `root` closes it (pointer
 * events: mouse, touch and pen alike). `onOpen` runs each time it opens, given `root` (a function
 * that does not change from one render to the next).
 */
export function usePopover<Root extends HTMLElement = HTMLDivElement>(onOpen?: (root: Root | null) => void) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<Root>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);

  useEffect(() => {
    if (!open) return;
    onOpen?.(root.current);
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) close();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        close();
        trigger.current?.focus();
      }
    };
    // One abort removes both listeners.
    const listening = new AbortController();
    document.addEventListener('pointerdown', onPointer, listening);
    document.addEventListener('keydown', onKey, listening);
    return () => listening.abort();
  }, [open, close, onOpen]);

  const triggerProps = {
    ref: trigger,
    type: 'button' as const,
    'aria-expanded': open,
    'aria-controls': panelId,
    onClick: () => setOpen((o) => !o),
  };
  return { open, close, panelId, root, triggerProps };
}
