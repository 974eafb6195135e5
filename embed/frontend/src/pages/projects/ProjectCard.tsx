import { memo } from 'react';
import { Link } from '../../components/Link.tsx';
import { useTranslation } from '../../i18n/index.ts';
import type { Project } from '../../api.ts';
import { CalendarIcon, FlagIcon } from '../../components/icons.tsx';
import { ProjectProgress } from '../../components/ProgressBar.tsx';
import { OverdueFlag, ProjectStatusBadge, ScheduleBadge, UnreadBadge } from '../../components/ProjectBadges.tsx';
import { OpenRetoursMark } from '../retours/RetourBadges.tsx';
import { projectPath } from '../../config.ts';
import { formatDay } from '../../lib/format.ts';

/** « Recette — prévue le 25 nov. 2026 », or what to say when there is no next step. */
export function NextMilestone({ project }: { project: Project }) {
  const { t } = useTranslation();
  const next = project.next_milestone;
  if (next) {
    return (
      <>
        <span className="font-medium text-gray-900">{next.title}</span>
        {next.due_date && <span className="text-gray-700"> — {t('projects.dueOn', { date: formatDay(next.due_date) })}</span>}
      </>
    );
  }
  return <span className="text-gray-700">{project.progress.total === 0 ? t('projects.noSteps') : t('projects.allDelivered')}</span>;
}

// A project as a card: its name, status, computed progress, schedule, next step and deadline.
// The whole card opens the project (its title is the link, stretched over the card). Memoised:
// a list renders again (more data arriving beside it) without its unchanged cards.
export const ProjectCard = memo(function ProjectCard({ project, showClient, headingLevel = 3 }: { project: Project; showClient: boolean; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="relative flex h-full flex-col rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 transition hover:ring-brand-300">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <Heading className="text-base font-bold break-words text-gray-900">
            <Link to={projectPath(project.id)} className="text-brand-700 underline-offset-4 after:absolute after:inset-0 after:rounded-2xl hover:underline">
              {project.name}
            </Link>
          </Heading>
          {showClient && <p className="mt-0.5 text-sm break-words text-gray-700">{project.client_name}</p>}
        </div>
        <ProjectStatusBadge status={project.status} />
      </div>
      <div className="mt-4">
        <ProjectProgress progress={project.progress} name={project.name} />
      </div>
      {/* A finished project has no schedule to keep. */}
      {(project.status !== 'termine' || project.has_overdue || !!project.unread_messages || !!project.retours_open) && (
        <div className="mt-3 flex flex-wrap gap-2">
          {project.status !== 'termine' && <ScheduleBadge schedule={project.schedule} />}
          {project.has_overdue && <OverdueFlag />}
          <UnreadBadge count={project.unread_messages} />
          <OpenRetoursMark count={project.retours_open} />
        </div>
      )}
      <dl className="mt-4 space-y-2 text-sm">
        {project.progress.total > 0 && (
          <div className="flex gap-2">
            <dt className="shrink-0">
              <FlagIcon className="mt-0.5 size-4 text-gray-600" />
              <span className="sr-only">{t('projects.nextStep')}</span>
            </dt>
            <dd className="min-w-0 break-words">
              <NextMilestone project={project} />
            </dd>
          </div>
        )}
        <div className="flex gap-2">
          <dt className="shrink-0">
            <CalendarIcon className="mt-0.5 size-4 text-gray-600" />
            <span className="sr-only">{t('projects.deadline')}</span>
          </dt>
          <dd className="text-gray-700">{project.deadline ? t('projects.deadlineOn', { date: formatDay(project.deadline) }) : t('projects.noDeadline')}</dd>
        </div>
      </dl>
    </article>
  );
});
