import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
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
import { splitError } from '../../lib/hooks.ts';
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

// « Ouvrir un retour »: type, priority, title, description, the step and version concerned, and
// screenshots or files (uploaded as soon as chosen, like a message's). On success, the retour's page.
function NewRetourDialog({ project, deliverables, onClose }: { project: ProjectDetail; deliverables: Deliverable[]; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const navigate = useNavigate();
  const [kind, setKind] = useState<RetourKind>('anomalie');
  const [priority, setPriority] = useState<RetourPriority>('majeur');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [step, setStep] = useState('');
  const [version, setVersion] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<ReturnType<typeof splitError>>({ field: {}, general: null });
  const pending = usePendingFiles(project.id);
  const versions = deliverables.flatMap((d) => d.versions.map((v) => ({ value: String(v.id), label: t('retours.versionLabel', { deliverable: d.title, number: v.number }) })));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || pending.uploading) return;
    if (!title.trim()) {
      setErrors({ field: { title: t('retours.titleRequired') }, general: null });
      return;
    }
    setBusy(true);
    try {
      const r = await retoursApi.open(project.id, {
        kind,
        priority,
        title,
        description,
        milestone_id: step ? Number(step) : undefined,
        version_id: version ? Number(version) : undefined,
        attachment_ids: pending.ready.map((f) => f.attachment!.id),
      });
      toast(r.opened_role === 'admin' ? t('retours.createdByStaff') : t('retours.created'));
      navigate(retourPath(project.id, r.id));
    } catch (err) {
      setErrors(splitError(err, FIELDS));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('retours.openTitle', { project: project.name })} description={t('retours.openIntro')} onClose={onClose} wide>
      <LiveAlert error={errors.general} />
      <form noValidate onSubmit={(e) => void submit(e)} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label={t('retours.fields.kind')}
            value={kind}
            onChange={(e) => setKind(e.target.value as RetourKind)}
            options={RETOUR_KINDS.map((k) => ({ value: k, label: t(`retours.kind.${k}`) }))}
            error={errors.field.kind}
          />
          <SelectField
            label={t('retours.fields.priority')}
            value={priority}
            onChange={(e) => setPriority(e.target.value as RetourPriority)}
            options={RETOUR_PRIORITIES.map((p) => ({ value: p, label: t(`retours.priority.${p}`) }))}
            error={errors.field.priority}
          />
        </div>
        <FormField label={t('retours.fields.title')} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} error={errors.field.title} />
        <TextAreaField
          label={t('retours.fields.description')}
          rows={5}
          maxLength={10000}
          hint={t('retours.descriptionHint')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={errors.field.description}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label={t('retours.fields.step')}
            value={step}
            onChange={(e) => setStep(e.target.value)}
            options={[{ value: '', label: t('retours.filter.noStep') }, ...project.milestones.map((m) => ({ value: String(m.id), label: m.title }))]}
            error={errors.field.milestone_id}
          />
          <SelectField
            label={t('retours.fields.version')}
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            options={[{ value: '', label: t('retours.filter.noVersion') }, ...versions]}
            error={errors.field.version_id}
          />
        </div>
        <fieldset className="space-y-3">
          <legend className="font-semibold text-gray-900">{t('retours.fields.files')}</legend>
          <PendingFileList pending={pending} />
          {errors.field.attachment_ids && (
            <p className="text-sm font-semibold text-danger-800" role="alert">
              {errors.field.attachment_ids}
            </p>
          )}
          <AttachButton pending={pending} label={t('retours.attach')} />
        </fieldset>
        <DialogFooter onCancel={onClose} busy={busy} disabled={pending.uploading} icon={<PlusIcon className="size-4" />} label={pending.uploading ? t('messages.waitUploads') : t('retours.submit')} />
      </form>
    </Dialog>
  );
}
