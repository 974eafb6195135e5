import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { Link } from '../../components/Link.tsx';
import { useTranslation } from '../../i18n/index.ts';
import { adminProjectsApi, reportsApi, toApiError, type MilestoneEvent } from '../../api.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { CalendarIcon, CheckCircleIcon, CheckIcon, ChevronLeftIcon, PackageIcon, PencilIcon, PrinterIcon, RestoreIcon } from '../../components/icons.tsx';
import { ReportLinks } from '../../components/ReportLinks.tsx';
import { PageHeader, Section } from '../../components/PageHeader.tsx';
import { ProjectProgress } from '../../components/ProgressBar.tsx';
import { OverdueFlag, ProjectStatusBadge, ScheduleBadge } from '../../components/ProjectBadges.tsx';
import { RichText } from '../../components/RichText.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { useToast } from '../../components/Toast.tsx';
import { clientPath, PROJECTS_PATH } from '../../config.ts';
import { formatDay } from '../../lib/format.ts';
import { TimelineItem } from '../../components/TimelineItem.tsx';
import { projectQueries, useProjectChanges } from '../../lib/queries.ts';
import { usePageMeta } from '../../pageMeta.ts';
import Forbidden from '../Forbidden.tsx';
import { ProjectRetours } from '../retours/ProjectRetours.tsx';
import { Conversation } from './Conversation.tsx';
import { Deliverables } from './Deliverables.tsx';
import { Milestones, Stepper } from './Milestones.tsx';
import { NextMilestone } from './ProjectCard.tsx';
import { ProgressWhy } from './ProgressWhy.tsx';
import { ProjectForm } from './ProjectForm.tsx';
import './texts.ts';

// /projets/:id (and /projets/:id/livrables, which opens at the deliverables): the project page
// (C3): description, dates, status, computed progress, the steps, the deliverables and the
// history of delivered steps. Another client's project answers 404: the page says « introuvable ».
export default function ProjectDetail({ section }: { section?: 'livrables' }) {
  const { t } = useTranslation();
  const params = useParams();
  const id = /^\d+$/.test(params.id ?? '') ? Number(params.id) : 0;
  const user = useUser();
  const admin = user.role === 'admin';
  const toast = useToast();
  const project = useQuery({ ...projectQueries.detail(id), enabled: id > 0 });
  const deliverables = useQuery({ ...projectQueries.deliverables(id), enabled: id > 0 });
  const changes = useProjectChanges();
  const tasks = useQuery({ ...projectQueries.tasks(id), enabled: id > 0 });
  const [editing, setEditing] = useState(false);
  const scrolled = useRef(false);
  const notFound = !id || (project.isError && toApiError(project.error).status === 404);
  usePageMeta({ title: t('app.pageTitle', { page: notFound ? t('notFound.title') : (project.data?.name ?? t('projects.title')) }), indexable: false });

  // /projets/:id/livrables (or an anchor such as #messages): once the page is there, go to that part.
  useEffect(() => {
    const target = section === 'livrables' ? 'livrables' : window.location.hash.slice(1);
    if (!target || scrolled.current || !deliverables.data || !project.data) return;
    scrolled.current = true;
    setTimeout(() => document.getElementById(target)?.scrollIntoView?.({ block: 'start' }), 50);
  }, [section, deliverables.data, project.data]);

  if (notFound) return <Forbidden />;
  if (project.isPending) return <Skeleton rows={6} />;
  const back = (
    <Link to={PROJECTS_PATH} className="inline-flex min-h-11 items-center gap-1 underline-offset-4 hover:underline">
      <ChevronLeftIcon className="size-4" />
      {t('projects.back')}
    </Link>
  );
  if (project.isError) {
    return (
      <>
        <PageHeader eyebrow={back} title={t('projects.loadError')} />
        <div className="space-y-4">
          <ErrorNotice error={toApiError(project.error)} />
          <Button onClick={() => void project.refetch()}>{t('session.retry')}</Button>
        </div>
      </>
    );
  }

  const p = project.data;

  return (
    <>
      <PageHeader
        help="project"
        eyebrow={back}
        title={p.name}
        actions={
          <>
            <ReportLinks pdf={reportsApi.projectUrl(p.id, 'pdf')} csv={reportsApi.projectUrl(p.id, 'csv')} />
            <Button className="print:hidden" icon={<PrinterIcon className="size-4" />} onClick={() => window.print()}>
              {t('reports.print')}
            </Button>
            {admin && (
              <Button className="print:hidden" icon={<PencilIcon className="size-4" />} onClick={() => setEditing(true)}>
                {t('projects.edit')}
              </Button>
            )}
          </>
        }
      >
        <span className="flex flex-wrap items-center gap-2">
          {admin ? (
            <Link to={clientPath(p.client_id)} className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline-offset-4 hover:underline">
              {p.client_name}
            </Link>
          ) : (
            <span className="font-semibold text-gray-900">{p.client_name}</span>
          )}
          <ProjectStatusBadge status={p.status} />
          {p.status !== 'termine' && <ScheduleBadge schedule={p.schedule} />}
          {p.has_overdue && <OverdueFlag />}
        </span>
      </PageHeader>

      <div className="space-y-6">
        <section aria-labelledby="avancement-titre" className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 sm:p-7">
          <h2 id="avancement-titre" className="mb-3 text-lg font-bold text-gray-900">
            {t('projects.progress')}
          </h2>
          <ProjectProgress progress={p.progress} name={p.name} size="lg" />
          <ProgressWhy project={p} />
          <Stepper steps={p.milestones} />
          <dl className="mt-6 grid grid-cols-2 gap-x-6 gap-y-4 border-t border-gray-200 pt-5 text-sm xl:grid-cols-4">
            <Fact label={t('projects.status.label')}>{t(`projects.status.${p.status}`)}</Fact>
            <Fact label={t('projects.startDate')}>{p.start_date ? formatDay(p.start_date) : t('projects.notSet')}</Fact>
            <Fact label={t('projects.deadline')}>
              <span className="inline-flex items-center gap-1.5">
                <CalendarIcon className="size-4 text-gray-600" />
                {p.deadline ? formatDay(p.deadline) : t('projects.notSet')}
              </span>
            </Fact>
            <Fact label={t('projects.manager')}>{p.manager_name || t('projects.notSet')}</Fact>
            <Fact label={t('projects.nextStep')} wide>
              <NextMilestone project={p} />
            </Fact>
          </dl>
        </section>

        {(p.description || admin) && (
          <Section title={t('projects.description')}>
            {p.description ? <RichText text={p.description} className="text-gray-800" /> : <p className="text-gray-700">{t('projects.noDescription')}</p>}
          </Section>
        )}

        <Milestones project={p} admin={admin} tasks={tasks.data ?? []} tasksError={tasks.error ? toApiError(tasks.error) : null} />

        <Deliverables project={p} role={admin ? 'admin' : 'client'} />

        <ProjectRetours project={p} deliverables={deliverables.data?.items ?? []} />

        <History events={p.history} />

        <Conversation key={p.id} projectId={p.id} user={user} />
      </div>

      {editing && (
        <Dialog title={t('projects.editTitle', { name: p.name })} onClose={() => setEditing(false)} wide>
          <ProjectForm
            project={p}
            defaultManager={null}
            submitLabel={t('projects.save')}
            actions={<Button onClick={() => setEditing(false)}>{t('dialog.cancel')}</Button>}
            onSubmit={async (input) => {
              changes.set(await adminProjectsApi.update(p.id, input));
              setEditing(false);
              toast(t('projects.saved'));
            }}
          />
        </Dialog>
      )}
    </>
  );
}

function Fact({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'col-span-2 xl:col-span-4' : 'min-w-0'}>
      <dt className="font-semibold text-gray-700">{label}</dt>
      <dd className="mt-0.5 break-words text-gray-900">{children}</dd>
    </div>
  );
}

const eventIcon = {
  delivered: <PackageIcon className="size-5 text-amber-800" />,
  validated: <CheckCircleIcon className="size-5 text-success-800" />,
  reopened: <RestoreIcon className="size-5 text-gray-700" />,
  task_done: <CheckIcon className="size-5 text-success-800" />,
};

// The history of the steps (C3), newest first: delivered, validated, reopened, and the tasks
// finished (a client's history leaves internal tasks out); by whom, when.
function History({ events }: { events: MilestoneEvent[] }) {
  const { t } = useTranslation();
  return (
    <Section id="historique" title={t('history.title')} description={t('history.intro')}>
      {events.length === 0 ? (
        <p className="text-gray-700">{t('history.empty')}</p>
      ) : (
        <ol className="space-y-4">
          {events.map((e, i) => (
            <TimelineItem key={`${e.at}-${i}`} icon={eventIcon[e.kind] ?? eventIcon.reopened} at={e.at}>
              <p className="break-words text-gray-900">{t(`history.${e.kind}`, { title: e.title, name: e.by || t('history.someone') })}</p>
            </TimelineItem>
          ))}
        </ol>
      )}
    </Section>
  );
}
