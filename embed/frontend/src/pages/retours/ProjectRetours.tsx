import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from '../../i18n/index.ts';
import { RETOUR_KINDS, RETOUR_PRIORITIES, retoursApi, type Deliverable, type ProjectDetail, type RetourKind, type RetourPriority } from '../../api.ts';
import { AttachButton, PendingFileList, usePendingFiles } from '../../components/Attachments.tsx';
import { Button } from '../../components/Button.tsx';
import { Dialog, DialogFooter } from '../../components/Dialog.tsx';
import { CsvExportLink, IdSelectField } from '../../components/FilterForm.tsx';
import { FormField, SelectField, TextAreaField } from '../../components/FormField.tsx';
import { PlusIcon } from '../../components/icons.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Section } from '../../components/PageHeader.tsx';
import { useToast } from '../../components/Toast.tsx';
import { RETOURS_ANCHOR, retourPath } from '../../config.ts';
import { useFieldForm, type FieldErrors } from '../../lib/form.ts';
import { param, useListParams } from '../../lib/listParams.ts';
import { retourQueries } from '../../lib/queries.ts';
import { RetourFilterFields, retourFilterParams, retourQuery, retourSort, RetourTable } from './RetourList.tsx';

const PER_PAGE = 10;

// The project's page has other things in its address: the retours' parameters say whose they are.
const PREFIX = 'retours-';
const FILTERS = { ...retourFilterParams(PREFIX), step: param.id(`${PREFIX}etape`) };
const SORT = retourSort(PREFIX, { key: 'created', dir: 'desc' });

// The retours of a project (on its page): counters, filters (state, type, priority, step) and
// sort kept in the address, pages, the CSV export and « Ouvrir un retour ». Live events reload
// the list (a retour opened or moved elsewhere, a message in a thread: unread counts).
export function ProjectRetours({ project, deliverables }: { project: ProjectDetail; deliverables: Deliverable[] }) {
  const { t } = useTranslation();
  const list = useListParams(FILTERS, SORT, `${PREFIX}page`);
  const [opening, setOpening] = useState(false);
  const filters = { ...retourQuery(list.filters, list.sort), milestone_id: list.filters.step || ('' as const) };
  const retours = useQuery(retourQueries.list(project.id, { ...filters, page: list.page, per_page: PER_PAGE }));

  return (
    <Section
      id={RETOURS_ANCHOR}
      title={t('retours.title')}
      description={
        <>
          {t('retours.intro')}{' '}
          <span className="font-semibold text-gray-900">{t('retours.counters', { open: project.retours_open, fresh: project.retours_new, resolved: project.retours_resolved })}</span>
        </>
      }
      actions={
        <div className="flex flex-wrap gap-2 print:hidden">
          <CsvExportLink href={retoursApi.csvUrl(project.id, filters)}>{t('retours.export')}</CsvExportLink>
          <Button variant="primary" icon={<PlusIcon className="size-4" />} onClick={() => setOpening(true)}>
            {t('retours.open')}
          </Button>
        </div>
      }
    >
      <form role="search" aria-label={t('retours.filters')} onSubmit={(e) => e.preventDefault()} className="mb-4 grid gap-3 sm:grid-cols-2 xl:grid-cols-4 print:hidden">
        <RetourFilterFields list={list} />
        <IdSelectField
          label={t('retours.fields.step')}
          allLabel={t('retours.filter.anyStep')}
          value={list.filters.step}
          onChange={(step) => list.setFilters({ step })}
          items={project.milestones.map((m) => ({ id: m.id, label: m.title }))}
        />
      </form>
      <RetourTable query={retours} list={list} perPage={PER_PAGE} wideFrom="3xl" />
      {opening && <NewRetourDialog project={project} deliverables={deliverables} onClose={() => setOpening(false)} />}
    </Section>
  );
}

const FIELDS = ['kind', 'priority', 'title', 'description', 'milestone_id', 'version_id', 'attachment_ids'] as const;
type Field = (typeof FIELDS)[number];

// « Ouvrir un retour »: type, priority, title, description, the step and version concerned, and
// screenshots or files (uploaded as soon as chosen, like a message's). On success, the retour's page.
function NewRetourDialog({ project, deliverables, onClose }: { project: ProjectDetail; deliverables: Deliverable[]; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const navigate = useNavigate();
  // attachment_ids has no field of its own (the files are uploaded as chosen) but its error shows by them.
  const { fieldErrors, error, saving, bind, submit } = useFieldForm(FIELDS, { kind: 'anomalie', priority: 'majeur', title: '', description: '', milestone_id: '', version_id: '', attachment_ids: '' });
  const pending = usePendingFiles(project.id);
  const versions = deliverables.flatMap((d) => d.versions.map((v) => ({ value: String(v.id), label: t('retours.versionLabel', { deliverable: d.title, number: v.number }) })));

  const validate = (v: Record<Field, string>): FieldErrors<Field> => (v.title.trim() ? {} : { title: t('retours.titleRequired') });

  const save = async (v: Record<Field, string>) => {
    if (pending.uploading) return;
    const r = await retoursApi.open(project.id, {
      kind: v.kind as RetourKind,
      priority: v.priority as RetourPriority,
      title: v.title,
      description: v.description,
      milestone_id: v.milestone_id ? Number(v.milestone_id) : undefined,
      version_id: v.version_id ? Number(v.version_id) : undefined,
      attachment_ids: pending.ready.map((f) => f.attachment!.id),
    });
    toast(r.opened_role === 'admin' ? t('retours.createdByStaff') : t('retours.created'));
    navigate(retourPath(project.id, r.id));
  };

  return (
    <Dialog title={t('retours.openTitle', { project: project.name })} description={t('retours.openIntro')} onClose={onClose} wide>
      <LiveAlert error={error} />
      <form noValidate onSubmit={submit(validate, save)} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField {...bind('kind')} label={t('retours.fields.kind')} options={RETOUR_KINDS.map((k) => ({ value: k, label: t(`retours.kind.${k}`) }))} />
          <SelectField {...bind('priority')} label={t('retours.fields.priority')} options={RETOUR_PRIORITIES.map((p) => ({ value: p, label: t(`retours.priority.${p}`) }))} />
        </div>
        <FormField {...bind('title')} label={t('retours.fields.title')} required maxLength={200} />
        <TextAreaField {...bind('description')} label={t('retours.fields.description')} rows={5} maxLength={10000} hint={t('retours.descriptionHint')} />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            {...bind('milestone_id')}
            label={t('retours.fields.step')}
            options={[{ value: '', label: t('retours.filter.noStep') }, ...project.milestones.map((m) => ({ value: String(m.id), label: m.title }))]}
          />
          <SelectField {...bind('version_id')} label={t('retours.fields.version')} options={[{ value: '', label: t('retours.filter.noVersion') }, ...versions]} />
        </div>
        <fieldset className="space-y-3">
          <legend className="font-semibold text-gray-900">{t('retours.fields.files')}</legend>
          <PendingFileList pending={pending} />
          {fieldErrors.attachment_ids && (
            <p className="text-sm font-semibold text-danger-800" role="alert">
              {fieldErrors.attachment_ids}
            </p>
          )}
          <AttachButton pending={pending} label={t('retours.attach')} />
        </fieldset>
        <DialogFooter
          onCancel={onClose}
          busy={saving}
          disabled={pending.uploading}
          icon={<PlusIcon className="size-4" />}
          label={pending.uploading ? t('messages.waitUploads') : t('retours.submit')}
        />
      </form>
    </Dialog>
  );
}
