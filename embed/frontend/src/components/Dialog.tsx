import { useEffect, useId, useRef, type ComponentProps, type ReactNode } from 'react';
import { useTranslation } from '../i18n/index.ts';
import { Button } from './Button.tsx';
import { CloseIcon } from './icons.tsx';

interface DialogProps {
  title: string;
  /** Called on Escape, on the close button and on the backdrop. */
  onClose: () => void;
  children: ReactNode;
  /** Short text under the title, read out with it. */
  description?: ReactNode;
  wide?: boolean;
}

// A modal dialog: the browser's <dialog> opened with showModal(), so focus stays inside and the
// page behind is inert. Mount it to open it, unmount it to close it; focus goes back to where it was.
export function Dialog({ title, onClose, children, description, wide = false }: DialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const titleId = useId();
  const descId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === 'function') {
      if (!dialog.open) dialog.showModal();
    } else {
      dialog.setAttribute('open', ''); // test environments without <dialog> support
    }
    // A form dialog starts in its first field (otherwise the browser picks the close button).
    dialog.querySelector<HTMLElement>('[data-dialog-body] :is(input:not([type=hidden]):not([hidden]), select, textarea)')?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
      previous?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      onClick={(e) => {
        // A click on the backdrop lands on the <dialog> itself.
        if (e.target === ref.current) onCloseRef.current();
      }}
      className={`m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-1.5rem)] overflow-y-auto rounded-2xl bg-white p-0 text-gray-900 shadow-2xl backdrop:bg-gray-950/60 ${wide ? 'max-w-2xl' : 'max-w-lg'}`}
    >
      <div className="p-5 sm:p-7">
        <div className="flex items-start justify-between gap-4">
          <h2 id={titleId} className="pt-1.5 text-xl font-bold tracking-tight text-gray-900">
            {title}
          </h2>
          <button
            type="button"
            onClick={() => onCloseRef.current()}
            className="-mt-1 -mr-2 inline-flex size-11 shrink-0 items-center justify-center rounded-lg text-gray-600 hover:bg-gray-100 hover:text-gray-900"
          >
            <CloseIcon className="size-5" />
            <span className="sr-only">{t('dialog.close')}</span>
          </button>
        </div>
        {description && (
          <div id={descId} className="mt-2 text-gray-700">
            {description}
          </div>
        )}
        <div className="mt-5" data-dialog-body>
          {children}
        </div>
      </div>
    </dialog>
  );
}

/** The row of buttons at the bottom of a dialog: stacked on phones, on one line otherwise. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="mt-6 flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">{children}</div>;
}

type FooterProps = Pick<ComponentProps<typeof Button>, 'icon' | 'disabled' | 'onClick'> & {
  onCancel: () => void;
  /** The text of the button that does what the dialog is for. */
  label: ReactNode;
  busy: boolean;
  variant?: 'primary' | 'danger';
};

/** The foot of a dialog that does one thing: cancel, and the button that does it (the form's submit, unless it has an onClick). */
export function DialogFooter({ onCancel, label, busy, variant = 'primary', ...button }: FooterProps) {
  const { t } = useTranslation();
  return (
    <DialogActions>
      <Button onClick={onCancel}>{t('dialog.cancel')}</Button>
      <Button type={button.onClick ? 'button' : 'submit'} variant={variant} loading={busy} {...button}>
        {label}
      </Button>
    </DialogActions>
  );
}
