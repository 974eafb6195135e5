import { useTranslation } from '../../i18n/index.ts';
import type { Milestone, MilestoneInput } from '../../api.ts';
import { Dialog, DialogFooter } from '../../components/Dialog.tsx';
import { FormField, TextAreaField } from '../../components/FormField.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { useFieldForm, type FieldErrors } from '../../lib/form.ts';

const FIELDS = ['title', 'description', 'due_date', 'weight'] as const;
type Field = (typeof FIELDS)[number];

// Adds a step to a project, or edits one: title, description, due date and weight (1–100).
export function MilestoneDialog({ milestone, onClose, onSave }: { milestone: Milestone | null; onClose: () => void; onSave: (input: MilestoneInput) => Promise<void> }) {
  const { t } = useTranslation();
  const { error, saving, bind, submit } = useFieldForm(FIELDS, {
    title: milestone?.title ?? '',
    description: milestone?.description ?? '',
    due_date: milestone?.due_date ?? '',
    weight: String(milestone?.weight ?? 1),
  });

  const onFormSubmit = submit(
    (values) => {
      const errors: FieldErrors<Field> = {};
      if (!values.title.trim()) errors.title = t('milestones.form.titleRequired');
      const weight = Number(values.weight);
      if (!Number.isInteger(weight) || weight < 1 || weight > 100) errors.weight = t('milestones.form.weightInvalid');
      return errors;
    },
    (values) => onSave({ title: values.title.trim(), description: values.description.trim(), due_date: values.due_date, weight: Number(values.weight) }),
  );

  return (
    <Dialog
      title={milestone ? t('milestones.form.editTitle', { title: milestone.title }) : t('milestones.form.addTitle')}
      description={milestone ? undefined : t('milestones.form.addText')}
      onClose={onClose}
    >
      <LiveAlert error={error} />
      <form noValidate onSubmit={onFormSubmit} className="grid gap-5">
        <FormField label={t('milestones.form.title')} required maxLength={200} autoComplete="off" {...bind('title')} />
        <TextAreaField label={t('milestones.form.description')} rows={3} maxLength={5000} {...bind('description')} />
        <FormField label={t('milestones.form.dueDate')} type="date" min="2000-01-01" max="2100-12-31" {...bind('due_date')} />
        <FormField label={t('milestones.form.weight')} hint={t('milestones.form.weightHint')} type="number" inputMode="numeric" min={1} max={100} step={1} {...bind('weight')} />
        <DialogFooter onCancel={onClose} busy={saving} label={milestone ? t('milestones.form.save') : t('milestones.form.add')} />
      </form>
    </Dialog>
  );
}
