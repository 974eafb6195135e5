import { useState, type ReactNode } from 'react';
import { toApiError, type ApiError } from '../api.ts';
import { Dialog, DialogFooter } from './Dialog.tsx';
import { LiveAlert } from './LiveAlert.tsx';

interface ConfirmDialogProps {
  title: string;
  /** What will happen, in plain words. */
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

// "Are you sure?" for actions that change or remove something: says what will happen, shows the
// API's message if it fails, and stays open until it succeeds or the user cancels.
export function ConfirmDialog({ title, children, confirmLabel, danger = false, onConfirm, onClose }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (e) {
      setError(toApiError(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={onClose} description={children}>
      <LiveAlert error={error} />
      <DialogFooter onCancel={onClose} busy={busy} variant={danger ? 'danger' : 'primary'} onClick={() => void confirm()} label={confirmLabel} />
    </Dialog>
  );
}
