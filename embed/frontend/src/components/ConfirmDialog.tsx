import { useState, type ReactNode } from 'react';
import { useTranslation } from '../i18n/index.ts';
import { toApiError, type ApiError } from '../api.ts';
import { Button } from './Button.tsx';
import { Dialog, DialogActions } from './Dialog.tsx';
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
  const { t } = useTranslation();
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
      <DialogActions>
        <Button onClick={onClose}>{t('dialog.cancel')}</Button>
        <Button variant={danger ? 'danger' : 'primary'} loading={busy} onClick={() => void confirm()}>
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
