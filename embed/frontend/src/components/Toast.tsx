import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from '../i18n/index.ts';
import { CheckCircleIcon, CloseIcon } from './icons.tsx';

interface Toast {
  id: number;
  text: string;
}

const ToastContext = createContext<(text: string) => void>(() => {});

/** Shows a short confirmation ("Client créé.") for a few seconds, announced by screen readers. */
export function useToast(): (text: string) => void {
  return useContext(ToastContext);
}

const DURATION_MS = 7000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((x) => x.id !== id));
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
  }, []);

  const push = useCallback(
    (text: string) => {
      const id = next.current++;
      setToasts((list) => [...list.slice(-2), { id, text }]);
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), DURATION_MS),
      );
    },
    [dismiss],
  );

  useEffect(() => {
    const all = timers.current;
    return () => all.forEach((timer) => clearTimeout(timer));
  }, []);

  return (
    <ToastContext.Provider value={push}>
      {children}
      <div role="status" aria-live="polite" className="pointer-events-none fixed inset-x-3 bottom-3 z-50 flex flex-col items-stretch gap-2 sm:inset-x-auto sm:right-6 sm:bottom-6 sm:w-96">
        {toasts.map((toast) => (
          <div key={toast.id} className="pointer-events-auto flex items-start gap-3 rounded-xl border border-success-200 bg-success-50 py-2 pr-2 pl-4 text-success-800 shadow-lg">
            <CheckCircleIcon className="mt-2.5 size-5 shrink-0" />
            <p className="flex-1 py-2 font-medium">{toast.text}</p>
            <button type="button" onClick={() => dismiss(toast.id)} className="inline-flex size-11 shrink-0 items-center justify-center rounded-lg hover:bg-success-200/60">
              <CloseIcon className="size-4" />
              <span className="sr-only">{t('toast.dismiss')}</span>
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
