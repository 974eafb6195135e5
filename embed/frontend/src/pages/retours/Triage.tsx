import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { RETOUR_PRIORITIES, retoursApi, toApiError, type Retour, type RetourDetail, type RetourPriority, type RetourTriage } from '../../api.ts';
import { SelectField, SelectOptions, type SelectOption } from '../../components/FormField.tsx';
import { useToast } from '../../components/Toast.tsx';
import { adminQueries, queryKeys } from '../../lib/queries.ts';

// Triage (staff): a retour's priority and the member of the staff in charge, set from its page or
// from the staff's list. Each select saves as it changes; the server audits it and notifies the
// new assignee. A refused change puts the select back and says why.

/** Saves a triage change of one retour: what is being saved, the error, and the retour as saved. */
function useTriage(retour: Retour, onSaved?: (r: RetourDetail) => void) {
  const { t } = useTranslation();
  const toast = useToast();
  const client = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();
  async function save(change: RetourTriage) {
    setSaving(true);
    setError(undefined);
    try {
      const r = await retoursApi.triage(retour.id, change);
      onSaved?.(r);
      toast(
        change.priority
          ? t('retours.triage.prioritySaved', { title: r.title, priority: t(`retours.priority.${r.priority}`) })
          : r.assignee_name
            ? t('retours.triage.assigned', { title: r.title, name: r.assignee_name })
            : t('retours.triage.unassigned', { title: r.title }),
      );
      void client.invalidateQueries({ queryKey: queryKeys.retours });
    } catch (e) {
      setError(toApiError(e).message);
    } finally {
      setSaving(false);
    }
  }
  return { save, saving, error };
}

interface SelectProps {
  retour: Retour;
  /** In a list, the label names the retour and is read to screen readers only. */
  compact?: boolean;
  onSaved?: (r: RetourDetail) => void;
}

/** The retour's priority, for staff to change. */
export function PrioritySelect({ retour, compact = false, onSaved }: SelectProps) {
  const { t } = useTranslation();
  const triage = useTriage(retour, onSaved);
  return (
    <TriageSelect
      label={compact ? t('retours.triage.priorityOf', { title: retour.title }) : t('retours.fields.priority')}
      compact={compact}
      value={retour.priority}
      disabled={triage.saving}
      error={triage.error}
      options={RETOUR_PRIORITIES.map((p) => ({ value: p, label: t(`retours.priority.${p}`) }))}
      onChange={(v) => void triage.save({ priority: v as RetourPriority })}
    />
  );
}

/** The member of the staff in charge of the retour (or nobody), for staff to change. */
export function AssigneeSelect({ retour, compact = false, onSaved }: SelectProps) {
  const { t } = useTranslation();
  const triage = useTriage(retour, onSaved);
  const staff = useQuery(adminQueries.staff()).data ?? [];
  const options = [{ value: '0', label: t('retours.triage.nobody') }, ...staff.map((u) => ({ value: String(u.id), label: u.name }))];
  // An assignee since disabled is no longer among the staff: it stays shown as it is.
  if (retour.assignee_id && !staff.some((u) => u.id === retour.assignee_id)) options.push({ value: String(retour.assignee_id), label: retour.assignee_name });
  return (
    <TriageSelect
      label={compact ? t('retours.triage.assigneeOf', { title: retour.title }) : t('retours.fields.assignee')}
      compact={compact}
      value={String(retour.assignee_id ?? 0)}
      disabled={triage.saving}
      error={triage.error}
      options={options}
      onChange={(v) => void triage.save({ assignee_id: Number(v) })}
    />
  );
}

function TriageSelect({
  label,
  compact,
  value,
  disabled,
  error,
  options,
  onChange,
}: {
  label: string;
  compact: boolean;
  value: string;
  disabled: boolean;
  error?: string;
  options: SelectOption[];
  onChange: (value: string) => void;
}) {
  const id = useId();
  const errorId = useId();
  if (!compact) return <SelectField label={label} value={value} disabled={disabled} error={error} options={options} onChange={(e) => onChange(e.target.value)} />;
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => onChange(e.target.value)}
        className="h-11 w-full min-w-0 rounded-lg border border-gray-500 bg-white px-2 text-sm text-gray-900 disabled:opacity-60"
      >
        <SelectOptions options={options} />
      </select>
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-sm font-semibold text-danger-800">
          {error}
        </p>
      )}
    </div>
  );
}
