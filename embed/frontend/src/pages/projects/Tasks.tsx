import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../i18n/index.ts';
import { retoursApi, TASK_STATUSES, tasksApi, toApiError, type ApiError, type Milestone, type Task, type TaskInput, type TaskStatus, type TaskVisibility } from '../../api.ts';
import { ActionsMenu, type MenuAction } from '../../components/ActionsMenu.tsx';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Dialog, DialogFooter } from '../../components/Dialog.tsx';
import { FormField, SelectField, TextAreaField } from '../../components/FormField.tsx';
import { ArrowDownIcon, ArrowUpIcon, CheckCircleIcon, CircleIcon, ClockIcon, ListIcon, LockIcon, PencilIcon, PlayIcon, PlusIcon, TrashIcon } from '../../components/icons.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Badge, type Tone } from '../../components/ProjectBadges.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useToast } from '../../components/Toast.tsx';
import { Link } from '../../components/Link.tsx';
import { retourPath } from '../../config.ts';
import { formatDay } from '../../lib/format.ts';
import { useFieldForm, type FieldErrors } from '../../lib/form.ts';
import { adminQueries } from '../../lib/queries.ts';
import './texts.ts';

const statusTone: Record<TaskStatus, Tone> = { a_faire: 'neutral', en_cours: 'info', en_revue: 'warning', terminee: 'success' };
const statusIcon: Record<TaskStatus, typeof CircleIcon> = { a_faire: CircleIcon, en_cours: PlayIcon, en_revue: ClockIcon, terminee: CheckCircleIcon };

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  const Icon = statusIcon[status];
  return (
    <Badge tone={statusTone[status]} icon={<Icon className="size-3.5 shrink-0" />}>
      {t(`tasks.status.${status}`)}
    </Badge>
  );
}

/** Today as "YYYY-MM-DD" in the browser's time zone: a task due before it and not finished is late. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

type Modal = { kind: 'paste' } | { kind: 'edit' | 'move' | 'delete'; task: Task } | null;

// The tasks of one step (§1 of the tasks issue): « 7 tâches sur 12 terminées », then each task
// with its status. Clients read the visible ones; staff change a status in place, add a pasted
// list, edit, reorder, move to another step of the project and delete. Every change reloads the
// project, whose progress moves with the finished tasks.
export function StepTasks({ step, steps, tasks, admin, onChanged }: { step: Milestone; steps: Milestone[]; tasks: Task[]; admin: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [modal, setModal] = useState<Modal>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const done = step.tasks_done ?? 0;
  const total = step.tasks_total ?? 0;
  const late = today();

  async function run(id: number, action: () => Promise<unknown>, message: string) {
    setBusy(id);
    setError(null);
    try {
      await action();
      onChanged();
      toast(message);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(null);
    }
  }

  function move(index: number, dir: -1 | 1) {
    const ids = tasks.map((x) => x.id);
    const target = index + dir;
    [ids[index], ids[target]] = [ids[target], ids[index]];
    const task = tasks[index];
    void run(task.id, () => tasksApi.reorder(step.id, ids), t('tasks.moved', { title: task.title, position: target + 1, total: tasks.length }));
  }

  function menuOf(task: Task, index: number): MenuAction[] {
    const list: MenuAction[] = [{ key: 'edit', label: t('tasks.edit'), icon: <PencilIcon className="size-4" />, onSelect: () => setModal({ kind: 'edit', task }) }];
    if (index > 0) list.push({ key: 'up', label: t('tasks.moveUp'), icon: <ArrowUpIcon className="size-4" />, onSelect: () => move(index, -1) });
    if (index < tasks.length - 1) list.push({ key: 'down', label: t('tasks.moveDown'), icon: <ArrowDownIcon className="size-4" />, onSelect: () => move(index, 1) });
    if (steps.length > 1) list.push({ key: 'move', label: t('tasks.moveToStep'), icon: <ListIcon className="size-4" />, onSelect: () => setModal({ kind: 'move', task }) });
    list.push({ key: 'delete', label: t('tasks.delete'), icon: <TrashIcon className="size-4" />, danger: true, onSelect: () => setModal({ kind: 'delete', task }) });
    return list;
  }

  if (!admin && total === 0) return null;
  return (
    <div className="mt-4 rounded-xl bg-gray-50 p-3 ring-1 ring-gray-200 sm:p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-48 flex-1">
          <p className="text-sm font-semibold text-gray-900">{total === 0 ? t('tasks.none') : t('tasks.count', { count: done, total })}</p>
          {total > 0 && (
            <div className="mt-1.5 max-w-xs">
              <ProgressBar
                size="sm"
                tone={done === total ? 'success' : 'brand'}
                percent={(100 * done) / total}
                label={t('tasks.progressOf', { title: step.title })}
                valueText={t('tasks.count', { count: done, total })}
              />
            </div>
          )}
        </div>
        {admin && (
          <Button icon={<PlusIcon className="size-4" />} onClick={() => setModal({ kind: 'paste' })}>
            {t('tasks.add')}
            <span className="sr-only"> {t('app.about', { name: step.title })}</span>
          </Button>
        )}
      </div>
      <LiveAlert error={error} />
      {tasks.length > 0 && (
        <ul aria-label={t('tasks.listOf', { title: step.title })} className="mt-3 divide-y divide-gray-200">
          {tasks.map((task, i) => {
            const overdue = task.status !== 'terminee' && task.due_date !== null && task.due_date < late;
            return (
              <li key={task.id} className="flex flex-wrap items-start gap-x-3 gap-y-2 py-2.5">
                <div className="min-w-0 flex-1 basis-56">
                  <p className={`font-medium break-words ${task.status === 'terminee' ? 'text-gray-700 line-through decoration-gray-400' : 'text-gray-900'}`}>{task.title}</p>
                  <p className="mt-0.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-gray-700">
                    {admin && task.visibility === 'interne' && (
                      <Badge tone="warning" icon={<LockIcon className="size-3.5 shrink-0" />}>
                        {t('tasks.internal')}
                      </Badge>
                    )}
                    {task.assignee_name && <span>{t('tasks.assignee', { name: task.assignee_name })}</span>}
                    {task.due_date && (
                      <span className={overdue ? 'font-semibold text-danger-700' : undefined}>{t(overdue ? 'tasks.overdueOn' : 'tasks.dueOn', { date: formatDay(task.due_date) })}</span>
                    )}
                  </p>
                  {task.description && <p className="mt-1 text-sm break-words whitespace-pre-line text-gray-700">{task.description}</p>}
                  {task.retour_id ? (
                    <p className="mt-1 text-sm">
                      <Link to={retourPath(task.project_id, task.retour_id)} className="font-semibold text-brand-700 underline underline-offset-2">
                        {t('tasks.answers', { id: task.retour_id, title: task.retour_title })}
                      </Link>
                    </p>
                  ) : null}
                </div>
                {admin ? (
                  <div className="flex items-center gap-2">
                    <label className="sr-only" htmlFor={`statut-tache-${task.id}`}>
                      {t('tasks.statusOf', { title: task.title })}
                    </label>
                    <select
                      id={`statut-tache-${task.id}`}
                      value={task.status}
                      disabled={busy !== null}
                      onChange={(e) => {
                        const status = e.target.value as TaskStatus;
                        void run(task.id, () => tasksApi.setStatus(task.id, status), t('tasks.statusChanged', { title: task.title, status: t(`tasks.status.${status}`) }));
                      }}
                      className="h-11 rounded-lg border border-gray-500 bg-white px-2.5 text-sm text-gray-900"
                    >
                      {TASK_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {t(`tasks.status.${s}`)}
                        </option>
                      ))}
                    </select>
                    <ActionsMenu label={t('tasks.actions', { title: task.title })} actions={menuOf(task, i)} />
                  </div>
                ) : (
                  <TaskStatusBadge status={task.status} />
                )}
              </li>
            );
          })}
        </ul>
      )}

      {modal?.kind === 'paste' && (
        <PasteTasksDialog
          step={step}
          onClose={() => setModal(null)}
          onSaved={(n) => {
            setModal(null);
            onChanged();
            toast(t('tasks.added', { count: n, title: step.title }));
          }}
        />
      )}
      {modal?.kind === 'edit' && (
        <TaskDialog
          task={modal.task}
          onClose={() => setModal(null)}
          onSave={async (input) => {
            await tasksApi.update(modal.task.id, input);
            setModal(null);
            onChanged();
            toast(t('tasks.saved', { title: input.title }));
          }}
        />
      )}
      {modal?.kind === 'move' && (
        <MoveTaskDialog
          task={modal.task}
          steps={steps}
          onClose={() => setModal(null)}
          onMoved={(to) => {
            setModal(null);
            onChanged();
            toast(t('tasks.movedTo', { title: modal.task.title, step: to.title }));
          }}
        />
      )}
      {modal?.kind === 'delete' && (
        <ConfirmDialog
          danger
          title={t('tasks.deleteTitle', { title: modal.task.title })}
          confirmLabel={t('tasks.delete')}
          onClose={() => setModal(null)}
          onConfirm={async () => {
            await tasksApi.remove(modal.task.id);
            setModal(null);
            onChanged();
            toast(t('tasks.deleted', { title: modal.task.title }));
          }}
        >
          {t('tasks.deleteText')}
        </ConfirmDialog>
      )}
    </div>
  );
}

function useStaffOptions() {
  const { t } = useTranslation();
  const staff = useQuery(adminQueries.staff());
  return [{ value: '', label: t('tasks.form.nobody') }, ...(staff.data ?? []).map((u) => ({ value: String(u.id), label: u.name }))];
}

function useVisibilityOptions() {
  const { t } = useTranslation();
  return (['client', 'interne'] as TaskVisibility[]).map((v) => ({ value: v, label: t(`tasks.visibility.${v}`) }));
}

const PASTE_FIELDS = ['text', 'visibility', 'assignee_id', 'due_date'] as const;
type PasteField = (typeof PASTE_FIELDS)[number];

// Adds several tasks at once: one per line of a pasted list (bullets and numbers are dropped).
function PasteTasksDialog({ step, onClose, onSaved }: { step: Milestone; onClose: () => void; onSaved: (count: number) => void }) {
  const { t } = useTranslation();
  const { values, error, saving, bind, submit } = useFieldForm(PASTE_FIELDS, { text: '', visibility: 'client', assignee_id: '', due_date: '' });
  const staff = useStaffOptions();
  const visibilities = useVisibilityOptions();
  const lines = values.text.split('\n').filter((l) => l.replace(/^[\s\-*•·–]+/, '').trim() !== '').length;

  const validate = (): FieldErrors<PasteField> => (lines === 0 ? { text: t('tasks.form.textRequired') } : {});

  const save = async (v: typeof values) => {
    const r = await tasksApi.paste(step.id, {
      text: v.text,
      visibility: v.visibility as TaskVisibility,
      assignee_id: Number(v.assignee_id) || 0,
      due_date: v.due_date,
    });
    onSaved(r.items.length);
  };

  return (
    <Dialog title={t('tasks.form.pasteTitle', { title: step.title })} description={t('tasks.form.pasteText')} onClose={onClose} wide>
      <LiveAlert error={error} />
      <form noValidate onSubmit={submit(validate, save)} className="grid gap-5">
        <TextAreaField label={t('tasks.form.lines')} hint={t('tasks.form.linesHint')} required rows={7} {...bind('text')} />
        <div className="grid gap-5 sm:grid-cols-3">
          <SelectField label={t('tasks.form.visibility')} options={visibilities} {...bind('visibility')} />
          <SelectField label={t('tasks.form.assignee')} options={staff} {...bind('assignee_id')} />
          <FormField label={t('tasks.form.dueDate')} type="date" min="2000-01-01" max="2100-12-31" {...bind('due_date')} />
        </div>
        <DialogFooter onCancel={onClose} busy={saving} label={t('tasks.form.addCount', { count: lines })} />
      </form>
    </Dialog>
  );
}

// The project's retours a task may answer: the open ones, and the one it answers already.
function useRetourOptions(task: Task) {
  const { t } = useTranslation();
  const open = useQuery({ queryKey: ['retours', task.project_id, 'task-options'], queryFn: () => retoursApi.list(task.project_id, { status: 'ouvert', per_page: 100 }) });
  const options = [{ value: '', label: t('tasks.form.noRetour') }, ...(open.data?.items ?? []).map((r) => ({ value: String(r.id), label: t('tasks.retourOption', { id: r.id, title: r.title }) }))];
  if (task.retour_id && !options.some((o) => o.value === String(task.retour_id))) {
    options.push({ value: String(task.retour_id), label: t('tasks.retourOption', { id: task.retour_id, title: task.retour_title }) });
  }
  return options;
}

const TASK_FIELDS = ['title', 'description', 'status', 'visibility', 'assignee_id', 'due_date', 'retour_id'] as const;
type TaskField = (typeof TASK_FIELDS)[number];

// Edits one task: every field.
function TaskDialog({ task, onClose, onSave }: { task: Task; onClose: () => void; onSave: (input: TaskInput) => Promise<void> }) {
  const { t } = useTranslation();
  const { error, saving, bind, submit } = useFieldForm<TaskField, Record<TaskField, string>>(TASK_FIELDS, {
    title: task.title,
    description: task.description,
    status: task.status,
    visibility: task.visibility,
    assignee_id: task.assignee_id ? String(task.assignee_id) : '',
    due_date: task.due_date ?? '',
    retour_id: task.retour_id ? String(task.retour_id) : '',
  });
  const staff = useStaffOptions();
  const visibilities = useVisibilityOptions();
  const retours = useRetourOptions(task);

  const validate = (v: Record<TaskField, string>): FieldErrors<TaskField> => (v.title.trim() ? {} : { title: t('tasks.form.titleRequired') });

  const save = (v: Record<TaskField, string>) =>
    onSave({
      title: v.title.trim(),
      description: v.description.trim(),
      status: v.status as TaskStatus,
      visibility: v.visibility as TaskVisibility,
      assignee_id: Number(v.assignee_id) || 0,
      due_date: v.due_date,
      retour_id: Number(v.retour_id) || 0,
    });

  return (
    <Dialog title={t('tasks.form.editTitle', { title: task.title })} onClose={onClose} wide>
      <LiveAlert error={error} />
      <form noValidate onSubmit={submit(validate, save)} className="grid gap-5">
        <FormField label={t('tasks.form.title')} required maxLength={200} autoComplete="off" {...bind('title')} />
        <TextAreaField label={t('tasks.form.description')} rows={3} maxLength={5000} {...bind('description')} />
        <div className="grid gap-5 sm:grid-cols-2">
          <SelectField label={t('tasks.form.status')} options={TASK_STATUSES.map((s) => ({ value: s, label: t(`tasks.status.${s}`) }))} {...bind('status')} />
          <SelectField label={t('tasks.form.visibility')} hint={t('tasks.form.visibilityHint')} options={visibilities} {...bind('visibility')} />
          <SelectField label={t('tasks.form.assignee')} options={staff} {...bind('assignee_id')} />
          <FormField label={t('tasks.form.dueDate')} type="date" min="2000-01-01" max="2100-12-31" {...bind('due_date')} />
          <SelectField label={t('tasks.form.retour')} hint={t('tasks.form.retourHint')} options={retours} {...bind('retour_id')} />
        </div>
        <DialogFooter onCancel={onClose} busy={saving} label={t('tasks.form.save')} />
      </form>
    </Dialog>
  );
}

// Moves a task to another step of the same project (the server refuses any other).
function MoveTaskDialog({ task, steps, onClose, onMoved }: { task: Task; steps: Milestone[]; onClose: () => void; onMoved: (to: Milestone) => void }) {
  const { t } = useTranslation();
  const others = steps.filter((m) => m.id !== task.milestone_id);
  const [target, setTarget] = useState(String(others[0]?.id ?? ''));
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const to = others.find((m) => String(m.id) === target);
    if (saving || !to) return;
    setSaving(true);
    setError(null);
    try {
      await tasksApi.move(task.id, to.id);
      onMoved(to);
    } catch (err) {
      setError(toApiError(err));
      setSaving(false);
    }
  }

  return (
    <Dialog title={t('tasks.form.moveTitle', { title: task.title })} description={t('tasks.form.moveText')} onClose={onClose}>
      <LiveAlert error={error} />
      <form noValidate onSubmit={submit} className="grid gap-5">
        <SelectField
          label={t('tasks.form.step')}
          options={others.map((m) => ({ value: String(m.id), label: `${steps.indexOf(m) + 1}. ${m.title}` }))}
          value={target}
          onChange={(e) => setTarget(e.target.value)}
        />
        <DialogFooter onCancel={onClose} busy={saving} label={t('tasks.form.move')} />
      </form>
    </Dialog>
  );
}
