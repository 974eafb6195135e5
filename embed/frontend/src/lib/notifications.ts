// A notification is stored as a kind and parameters (what happened: ids, names, numbers); this
// writes its sentence in the reader's language and builds its link from the ids. The server's
// portal.NotificationText writes the same sentences for e-mails from the same translations
// ("notificationTexts"): change both together.
import i18n from '../i18n/index.ts';
import type { AppNotification } from '../api.ts';
import { ADMIN_AUDIT_PATH, ADMIN_JOBS_PATH, MESSAGES_ANCHOR, projectDeliverablesPath, projectPath, retourPath } from '../config.ts';
import { formatDay, formatSize } from './format.ts';

const KINDS = new Set(['message', 'retour', 'deliverable', 'decision', 'milestone', 'status', 'overdue', 'job_failure', 'audit_chain']);

export function notificationText(n: AppNotification): { title: string; body: string } {
  const p = n.params ?? {};
  // Written before notifications had parameters, or of a kind this interface does not know yet:
  // the server's words, as they are.
  if (p.text !== undefined) return { title: p.text, body: p.body ?? '' };
  if (!KINDS.has(n.kind)) return { title: n.title, body: n.body };
  const key = `notificationTexts.${n.kind}`;
  const values = { ...p };
  switch (n.kind) {
    case 'message':
      return { title: i18n.t(p.internal ? `${key}.titleInternal` : `${key}.title`, values), body: p.excerpt ?? '' };
    case 'deliverable': {
      const body = i18n.t(`${key}.body`, { ...values, size: formatSize(p.size ?? 0) });
      return { title: i18n.t((p.version ?? 1) > 1 ? `${key}.titleVersion` : `${key}.title`, values), body };
    }
    case 'decision':
      return { title: i18n.t(`${key}.${p.decision ?? ''}`, values), body: p.comment ?? '' };
    case 'status':
      return { title: i18n.t(`${key}.title`, { ...values, status: i18n.t(`projects.status.${p.status ?? ''}`) }), body: '' };
    case 'overdue':
      if (p.task !== undefined) {
        return { title: i18n.t(`${key}.titleTask`, values), body: i18n.t(`${key}.bodyTask`, { ...values, due: formatDay(p.due), count: p.days ?? 0 }) };
      }
      return { title: i18n.t(`${key}.title`, values), body: i18n.t(`${key}.body`, { ...values, due: formatDay(p.due), count: p.days ?? 0 }) };
    case 'job_failure':
      return { title: i18n.t(`${key}.title`, values), body: p.error ?? '' };
    case 'audit_chain':
      return { title: i18n.t(`${key}.title`, { what: i18n.t(`audit.chain.break.${p.break ?? ''}`, { row: p.row ?? 0 }) }), body: i18n.t(`${key}.body`) };
    case 'retour': {
      const body = p.event === 'opened' || p.event === 'message' ? (p.excerpt ?? '') : (p.comment ?? '');
      // late: the working days it has waited past the response delay.
      return { title: i18n.t(`${key}.${p.event ?? ''}`, { ...values, count: p.days ?? 0 }), body };
    }
    default:
      return { title: i18n.t(`${key}.title`, values), body: '' };
  }
}

/** The page a notification leads to, built from its ids: null when it has none. */
export function notificationPath(n: AppNotification): string | null {
  const project = n.project_id ?? n.params?.project_id;
  switch (n.kind) {
    case 'job_failure':
      return ADMIN_JOBS_PATH;
    case 'audit_chain':
      return ADMIN_AUDIT_PATH;
    case 'deliverable':
    case 'decision':
      return project ? projectDeliverablesPath(project) : null;
    case 'message':
      return project ? `${projectPath(project)}#${MESSAGES_ANCHOR}` : null;
    case 'retour':
      return project && n.params?.retour_id ? retourPath(project, n.params.retour_id) : project ? projectPath(project) : null;
    default:
      return project ? projectPath(project) : null;
  }
}
