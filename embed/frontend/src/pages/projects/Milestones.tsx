import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { adminProjectsApi, toApiError, type ApiError, type Milestone, type MilestoneState, type ProjectDetail, type Task } from '../../api.ts';
import { ActionsMenu, type MenuAction } from '../../components/ActionsMenu.tsx';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ArrowDownIcon, ArrowUpIcon, FlagIcon, PackageIcon, PencilIcon, PlayIcon, PlusIcon, RestoreIcon, TrashIcon } from '../../components/icons.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Section } from '../../components/PageHeader.tsx';
import { MilestoneStateBadge, MilestoneStateIcon, OverdueFlag } from '../../components/ProjectBadges.tsx';
import { RichText } from '../../components/RichText.tsx';
import { useToast } from '../../components/Toast.tsx';
import { formatDateTime, formatDay } from '../../lib/format.ts';
import { useProjectChanges } from '../../lib/queries.ts';
import { MilestoneDialog } from './MilestoneDialog.tsx';
import { StepTasks } from './Tasks.tsx';

type Modal = { kind: 'add' } | { kind: 'edit' | 'delete' | 'reopen'; milestone: Milestone } | null;

// The circle of a step on the timeline: its state as an icon, on a colour that the text repeats.
const dot: Record<MilestoneState, string> = {
  a_venir: 'bg-white text-gray-600 ring-gray-400',
  en_cours: 'bg-blue-50 text-blue-800 ring-blue-300',
  livree: 'bg-amber-50 text-amber-900 ring-amber-400',
  validee: 'bg-success-50 text-success-800 ring-success-200',
};

// The steps of a project as a vertical timeline (C3): state, due date, overdue flag, who delivered
// and validated them. Admins manage them here (A3): add, edit, delete, reorder with buttons,
// mark delivered, start, reopen. Every change answers the whole project, progress included.
export function Milestones({ project, admin, tasks, tasksError }: { project: ProjectDetail; admin: boolean; tasks: Task[]; tasksError: ApiError | null }) {
  const { t } = useTranslation();
  const changes = useProjectChanges();
  const onChange = changes.set;
  // A task changed: its step's counts, the progress and the history come with the project (its
  // tasks' query lives under the project's key).
  const onTasksChanged = () => changes.changed(project.id);
  const toast = useToast();
  const [modal, setModal] = useState<Modal>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const moveButtons = useRef(new Map<string, HTMLButtonElement | null>());
  const refocus = useRef<{ id: number; dir: 'up' | 'down' } | null>(null);
  const steps = project.milestones;
  // Weights matter only when they differ (by default every step counts the same).
  const weighted = steps.some((m) => m.weight !== steps[0]?.weight);

  // After a move, the focus follows the step (on the other arrow when it reached an end).
  useEffect(() => {
    const want = refocus.current;
    if (!want) return;
    refocus.current = null;
    const same = moveButtons.current.get(`${want.id}-${want.dir}`);
    const other = moveButtons.current.get(`${want.id}-${want.dir === 'up' ? 'down' : 'up'}`);
    (same && !same.disabled ? same : other)?.focus();
  }, [steps]);

  async function run(id: number, action: () => Promise<ProjectDetail>, message: string) {
    setBusy(id);
    setError(null);
    try {
      onChange(await action());
      toast(message);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(null);
    }
  }

  function move(index: number, dir: 'up' | 'down') {
    const target = dir === 'up' ? index - 1 : index + 1;
    if (target < 0 || target >= steps.length) return;
    const ids = steps.map((m) => m.id);
    [ids[index], ids[target]] = [ids[target], ids[index]];
    const m = steps[index];
    refocus.current = { id: m.id, dir };
    void run(m.id, () => adminProjectsApi.reorderMilestones(project.id, ids), t('milestones.moved', { title: m.title, position: target + 1, total: steps.length }));
  }

  const setState = (m: Milestone, state: MilestoneState, message: string) => run(m.id, () => adminProjectsApi.setMilestoneState(m.id, state), message);

  function menuOf(m: Milestone): MenuAction[] {
    const list: MenuAction[] = [];
    if (m.state === 'a_venir') {
      list.push({ key: 'start', label: t('milestones.start'), icon: <PlayIcon className="size-4" />, onSelect: () => void setState(m, 'en_cours', t('milestones.started', { title: m.title })) });
    }
    list.push({ key: 'edit', label: t('milestones.edit'), icon: <PencilIcon className="size-4" />, onSelect: () => setModal({ kind: 'edit', milestone: m }) });
    // A step the client validated stays: it is the record of an agreement (the API refuses too).
    if (m.state !== 'validee') {
      list.push({ key: 'delete', label: t('milestones.delete'), icon: <TrashIcon className="size-4" />, danger: true, onSelect: () => setModal({ kind: 'delete', milestone: m }) });
    }
    return list;
  }

  // In the header and, while there is no step yet, in the empty state.
  const addButton = admin && (
    <Button variant="primary" icon={<PlusIcon className="size-4" />} onClick={() => setModal({ kind: 'add' })}>
      {t('milestones.add')}
    </Button>
  );

  return (
    <Section id="etapes" title={t('milestones.title')} description={admin ? t('milestones.introAdmin') : t('milestones.intro')} actions={addButton}>
      <LiveAlert error={error ?? tasksError} />
      {steps.length === 0 ? (
        <EmptyState icon={<FlagIcon />} title={t('milestones.empty')} action={addButton}>
          {admin ? t('milestones.emptyAdmin') : t('milestones.emptyClient')}
        </EmptyState>
      ) : (
        <ol className="relative">
          {steps.map((m, i) => (
            <li key={m.id} className="relative flex gap-4 pb-8 last:pb-0">
              {/* The rail between two steps (decorative). */}
              {i < steps.length - 1 && <span aria-hidden="true" className="absolute top-11 bottom-1 left-[1.3rem] w-0.5 bg-gray-300" />}
              <span aria-hidden="true" className={`relative z-10 flex size-11 shrink-0 items-center justify-center rounded-full ring-2 ${dot[m.state]}`}>
                <MilestoneStateIcon state={m.state} className="size-5" />
              </span>
              <div className="min-w-0 flex-1 pt-1">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
                  <h3 className="font-semibold break-words text-gray-900">
                    <span className="sr-only">{t('milestones.stepNumber', { n: i + 1, total: steps.length })}</span>{' '}
                    <span aria-hidden="true" className="text-gray-600">
                      {i + 1}.{' '}
                    </span>
                    {m.title}
                  </h3>
                  <MilestoneStateBadge state={m.state} />
                  {m.overdue && <OverdueFlag label={t('milestones.overdue')} />}
                </div>
                <ul className="mt-1.5 space-y-1 text-sm text-gray-700">
                  <li>{m.due_date ? t('milestones.dueOn', { date: formatDay(m.due_date) }) : t('milestones.noDueDate')}</li>
                  {admin && weighted && <li>{t('milestones.weight', { count: m.weight })}</li>}
                  {m.delivered_at && (m.state === 'livree' || m.state === 'validee') && (
                    <li>
                      {m.delivered_by
                        ? t('milestones.deliveredBy', { date: formatDateTime(m.delivered_at), name: m.delivered_by })
                        : t('milestones.deliveredOn', { date: formatDateTime(m.delivered_at) })}
                    </li>
                  )}
                  {m.validated_at && m.state === 'validee' && (
                    <li>
                      {m.validated_by
                        ? t('milestones.validatedBy', { date: formatDateTime(m.validated_at), name: m.validated_by })
                        : t('milestones.validatedOn', { date: formatDateTime(m.validated_at) })}
                    </li>
                  )}
                </ul>
                {m.description && <RichText text={m.description} className="mt-2 text-gray-800" />}
                <StepTasks step={m} steps={steps} tasks={tasks.filter((x) => x.milestone_id === m.id)} admin={admin} onChanged={onTasksChanged} />
                {admin && (
                  <div className="mt-3 flex flex-wrap items-center gap-2">
                    <button
                      ref={(el) => {
                        moveButtons.current.set(`${m.id}-up`, el);
                      }}
                      type="button"
                      disabled={i === 0 || busy !== null}
                      onClick={() => move(i, 'up')}
                      className="inline-flex size-11 items-center justify-center rounded-lg border border-gray-400 bg-white text-gray-800 hover:bg-gray-50 disabled:cursor-not-allowed disabled:opacity-40"
                    >
                      <ArrowUpIcon className="size-5" />
                      <span className="sr-only">{t('milestones.moveUp', { title: m.title })}</span>
                    </button>
                    <button
                      ref={(el) => {
                        moveButtons.current.set(`${m.id}-down`, el);
                      }}
                      type="button"
                      disabled={i === steps.length - 1 || busy !== null}
                      onClick={() => move(i, 'down')}
                      className="inline-flex size-11 items-center justify-center rounded-lg border border-gray-400 bg-white text-gray-800 hover:bg-gray-50 disabled:cursor-not-allowed disabled:opacity-40"
                    >
                      <ArrowDownIcon className="size-5" />
                      <span className="sr-only">{t('milestones.moveDown', { title: m.title })}</span>
                    </button>
                    {m.state === 'a_venir' || m.state === 'en_cours' ? (
                      <Button
                        icon={<PackageIcon className="size-4" />}
                        loading={busy === m.id}
                        disabled={busy !== null}
                        onClick={() => void setState(m, 'livree', t('milestones.delivered', { title: m.title }))}
                      >
                        {t('milestones.markDelivered')} <span className="sr-only">{t('app.about', { name: m.title })}</span>
                      </Button>
                    ) : (
                      <Button icon={<RestoreIcon className="size-4" />} disabled={busy !== null} onClick={() => setModal({ kind: 'reopen', milestone: m })}>
                        {t('milestones.reopen')} <span className="sr-only">{t('app.about', { name: m.title })}</span>
                      </Button>
                    )}
                    <ActionsMenu label={t('milestones.actions', { title: m.title })} actions={menuOf(m)} />
                  </div>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}

      {(modal?.kind === 'add' || modal?.kind === 'edit') && (
        <MilestoneDialog
          milestone={modal.kind === 'edit' ? modal.milestone : null}
          onClose={() => setModal(null)}
          onSave={async (input) => {
            if (modal.kind === 'edit') {
              onChange(await adminProjectsApi.updateMilestone(modal.milestone.id, input));
              toast(t('milestones.saved', { title: input.title }));
            } else {
              onChange(await adminProjectsApi.addMilestone(project.id, input));
              toast(t('milestones.added', { title: input.title }));
            }
            setModal(null);
          }}
        />
      )}
      {modal?.kind === 'delete' && (
        <ConfirmDialog
          danger
          title={t('milestones.deleteTitle', { title: modal.milestone.title })}
          confirmLabel={t('milestones.delete')}
          onClose={() => setModal(null)}
          onConfirm={async () => {
            onChange(await adminProjectsApi.deleteMilestone(modal.milestone.id));
            onTasksChanged();
            setModal(null);
            toast(t('milestones.deleted', { title: modal.milestone.title }));
          }}
        >
          {modal.milestone.tasks_total > 0 ? t('milestones.deleteTextTasks', { count: modal.milestone.tasks_total }) : t('milestones.deleteText')}
        </ConfirmDialog>
      )}
      {modal?.kind === 'reopen' && (
        <ConfirmDialog
          title={t('milestones.reopenTitle', { title: modal.milestone.title })}
          confirmLabel={t('milestones.reopen')}
          onClose={() => setModal(null)}
          onConfirm={async () => {
            onChange(await adminProjectsApi.setMilestoneState(modal.milestone.id, 'a_venir'));
            setModal(null);
            toast(t('milestones.reopened', { title: modal.milestone.title }));
          }}
        >
          {modal.milestone.state === 'validee' ? t('milestones.reopenValidatedText') : t('milestones.reopenText')}
        </ConfirmDialog>
      )}
    </Section>
  );
}

/** The steps in a row, for the eye (wide screens): the list below says the same in words. */
export function Stepper({ steps }: { steps: Milestone[] }) {
  if (steps.length === 0 || steps.length > 8) return null;
  return (
    <ol aria-hidden="true" className="mt-6 hidden md:flex">
      {steps.map((m, i) => (
        <li key={m.id} className="relative flex min-w-0 flex-1 flex-col items-center px-1 text-center">
          {i > 0 && <span className={`absolute top-4 right-1/2 left-[-50%] h-0.5 ${m.state === 'livree' || m.state === 'validee' ? 'bg-brand-700' : 'bg-gray-300'}`} />}
          <span className={`relative z-10 flex size-8 items-center justify-center rounded-full ring-2 ${dot[m.state]}`}>
            <MilestoneStateIcon state={m.state} className="size-4" />
          </span>
          <span className="mt-2 line-clamp-2 text-xs font-medium break-words text-gray-800">{m.title}</span>
          {m.due_date && <span className="text-xs text-gray-700">{formatDay(m.due_date)}</span>}
        </li>
      ))}
    </ol>
  );
}
