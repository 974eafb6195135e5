import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { PROJECT_STATUSES, type ProjectDetail, type ProjectInput, type ProjectStatus } from '../../api.ts';
import { FormField, FormSubmitRow, SelectField, TextAreaField } from '../../components/FormField.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { useFieldForm, type FieldErrors } from '../../lib/form.ts';
import { adminQueries, errorOf } from '../../lib/queries.ts';
import './texts.ts';

const FIELDS = ['client_id', 'name', 'description', 'start_date', 'deadline', 'status', 'manager_id'] as const;
type Field = (typeof FIELDS)[number];

interface Values {
  client_id: string;
  name: string;
  description: string;
  start_date: string;
  deadline: string;
  status: ProjectStatus;
  manager_id: string;
}

export function valuesOf(p: ProjectDetail | null, defaultManager: number | null): Values {
  return {
    client_id: p ? String(p.client_id) : '',
    name: p?.name ?? '',
    description: p?.description ?? '',
    start_date: p?.start_date ?? '',
    deadline: p?.deadline ?? '',
    status: p?.status ?? 'en_cours',
    manager_id: p ? (p.manager_id ? String(p.manager_id) : '') : defaultManager ? String(defaultManager) : '',
  };
}

// A project's fields (A3): its client, name, description, dates, status and the staff member in
// charge. Used to create a project (its own page) and to edit one (a dialog): a full replacement.
export function ProjectForm({
  project,
  defaultManager,
  submitLabel,
  onSubmit,
  actions,
}: {
  project: ProjectDetail | null;
  defaultManager: number | null;
  submitLabel: string;
  /** Saves; throws the API's error, shown next to its field or above the form. */
  onSubmit: (input: ProjectInput) => Promise<void>;
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const { error, saving, bind, submit } = useFieldForm<Field, Values>(FIELDS, () => valuesOf(project, defaultManager));
  const clients = useQuery(adminQueries.allClients());
  const staff = useQuery(adminQueries.staff());

  const onFormSubmit = submit(
    (values) => {
      const errors: FieldErrors<Field> = {};
      if (!values.client_id) errors.client_id = t('projectForm.clientRequired');
      if (!values.name.trim()) errors.name = t('projectForm.nameRequired');
      if (values.start_date && values.deadline && values.deadline < values.start_date) errors.deadline = t('projectForm.deadlineBeforeStart');
      return errors;
    },
    (values) =>
      onSubmit({
        client_id: Number(values.client_id),
        name: values.name.trim(),
        description: values.description.trim(),
        start_date: values.start_date,
        deadline: values.deadline,
        status: values.status,
        manager_id: Number(values.manager_id) || 0,
      }),
  );

  // The project's own client stays selectable even when it is archived (and so not in the list).
  const clientOptions = (clients.data ?? []).map((c) => ({ value: String(c.id), label: c.name }));
  if (project && !clientOptions.some((o) => o.value === String(project.client_id))) {
    clientOptions.unshift({ value: String(project.client_id), label: project.client_name });
  }
  const staffOptions = (staff.data ?? []).map((u) => ({ value: String(u.id), label: u.name }));
  if (project?.manager_id && !staffOptions.some((o) => o.value === String(project.manager_id))) {
    staffOptions.unshift({ value: String(project.manager_id), label: project.manager_name });
  }

  return (
    <>
      <LiveAlert error={error ?? errorOf(clients, staff)} />
      <form noValidate onSubmit={onFormSubmit} className="grid gap-5 sm:grid-cols-2">
        <SelectField
          label={t('projectForm.client')}
          required
          className="sm:col-span-2"
          disabled={clients.isPending}
          options={[{ value: '', label: clients.isPending ? t('app.loading') : t('projectForm.chooseClient') }, ...clientOptions]}
          {...bind('client_id')}
        />
        <FormField label={t('projectForm.name')} required maxLength={200} autoComplete="off" className="sm:col-span-2" {...bind('name')} />
        <TextAreaField label={t('projectForm.description')} hint={t('projectForm.descriptionHint')} rows={5} maxLength={20000} className="sm:col-span-2" {...bind('description')} />
        <FormField label={t('projectForm.startDate')} type="date" min="2000-01-01" max="2100-12-31" {...bind('start_date')} />
        <FormField label={t('projectForm.deadline')} type="date" min="2000-01-01" max="2100-12-31" {...bind('deadline')} />
        <SelectField label={t('projectForm.status')} options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projects.status.${s}`) }))} {...bind('status')} />
        <SelectField
          label={t('projectForm.manager')}
          disabled={staff.isPending}
          options={[{ value: '', label: staff.isPending ? t('app.loading') : t('projectForm.noManager') }, ...staffOptions]}
          {...bind('manager_id')}
        />
        <FormSubmitRow actions={actions} saving={saving} className="sm:col-span-2">
          {submitLabel}
        </FormSubmitRow>
      </form>
    </>
  );
}
