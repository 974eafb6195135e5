import { afterEach, describe, expect, it } from 'vitest';
import i18n from '../i18n/index.ts';
import type { AppNotification } from '../api.ts';
import { notificationPath, notificationText } from './notifications.ts';

const NB = '\u00a0';

function note(kind: string, params: AppNotification['params'], projectId: number | null = 7): AppNotification {
  return { id: 1, kind, project_id: projectId, params, title: 'French fallback', body: '', created_at: '2026-12-01T10:00:00Z', read_at: null };
}

const project = { project_id: 7, project: 'Site vitrine' };
const cases: [AppNotification, { fr: [string, string]; en: [string, string] }, string | null][] = [
  [
    note('message', { ...project, author: 'Awa', message_id: 3, excerpt: 'Bonjour' }),
    { fr: ['Nouveau message de Awa — Site vitrine', 'Bonjour'], en: ['New message from Awa — Site vitrine', 'Bonjour'] },
    '/projets/7#messages',
  ],
  [
    note('message', { ...project, author: 'Awa', message_id: 5, excerpt: 'Marge à revoir', internal: true }),
    { fr: ['Note interne de Awa — Site vitrine', 'Marge à revoir'], en: ['Internal note from Awa — Site vitrine', 'Marge à revoir'] },
    '/projets/7#messages',
  ],
  [
    note('deliverable', { ...project, deliverable_id: 4, deliverable: 'Maquettes', version: 2, file: 'm.pdf', size: 1536 }),
    {
      fr: ['Nouvelle version (v2) à valider : Maquettes — Site vitrine', `m.pdf (1,5${NB}Ko)`],
      en: ['New version (v2) to review: Maquettes — Site vitrine', `m.pdf (1.5${NB}KB)`],
    },
    '/projets/7/livrables',
  ],
  [
    note('deliverable', { ...project, deliverable_id: 4, deliverable: 'Maquettes', version: 1, file: 'm.pdf', size: 10 }),
    { fr: ['Nouveau livrable à valider : Maquettes — Site vitrine', `m.pdf (10${NB}octets)`], en: ['New deliverable to review: Maquettes — Site vitrine', `m.pdf (10${NB}bytes)`] },
    '/projets/7/livrables',
  ],
  [
    note('decision', { ...project, author: 'Alice', deliverable: 'Maquettes', version: 1, decision: 'modifications', comment: 'Le logo' }),
    { fr: ['Alice demande des modifications sur « Maquettes » v1 — Site vitrine', 'Le logo'], en: ['Alice requested changes to “Maquettes” v1 — Site vitrine', 'Le logo'] },
    '/projets/7/livrables',
  ],
  [note('milestone', { ...project, milestone_id: 2, step: 'Recette' }), { fr: ['Étape livrée : Recette — Site vitrine', ''], en: ['Step delivered: Recette — Site vitrine', ''] }, '/projets/7'],
  [note('status', { ...project, status: 'en_pause' }), { fr: ['Le projet Site vitrine est maintenant « En pause »', ''], en: ['Project Site vitrine is now “On hold”', ''] }, '/projets/7'],
  [
    note('overdue', { ...project, client: 'Alpha', step: 'Recette', due: '2026-11-20', days: 1 }),
    {
      fr: ['Étape en retard : Recette — Site vitrine (Alpha)', 'Prévue le 20 nov. 2026, non livrée depuis 1 jour.'],
      en: ['Overdue step: Recette — Site vitrine (Alpha)', 'Due on 20 Nov 2026, not delivered for 1 day.'],
    },
    '/projets/7',
  ],
  [
    note('job_failure', { job: 'sauvegarde', error: 'disk full' }, null),
    { fr: ['Échec de la tâche planifiée : sauvegarde', 'disk full'], en: ['Scheduled job failed: sauvegarde', 'disk full'] },
    '/admin/taches',
  ],
  [
    note('retour', { ...project, retour_id: 12, retour: 'Menu cassé', event: 'opened', author: 'Alice', priority: 'bloquant', excerpt: 'Sur mobile' }),
    { fr: ['Nouveau retour : Menu cassé — Site vitrine', 'Sur mobile'], en: ['New feedback: Menu cassé — Site vitrine', 'Sur mobile'] },
    '/projets/7/retours/12',
  ],
  [
    note('retour', { ...project, retour_id: 12, retour: 'Menu cassé', event: 'resolu', author: 'Awa', comment: 'Corrigé en v2' }),
    { fr: ['Retour résolu, à confirmer : Menu cassé — Site vitrine', 'Corrigé en v2'], en: ['Feedback resolved, please confirm: Menu cassé — Site vitrine', 'Corrigé en v2'] },
    '/projets/7/retours/12',
  ],
  [
    note('retour', { ...project, client: 'ACME', retour_id: 12, retour: 'Menu cassé', event: 'late', priority: 'bloquant', days: 3 }),
    {
      fr: ['Retour sans réponse depuis 3 jours ouvrés : Menu cassé — Site vitrine (ACME)', ''],
      en: ['Feedback unanswered for 3 working days: Menu cassé — Site vitrine (ACME)', ''],
    },
    '/projets/7/retours/12',
  ],
  [
    note('retour', { ...project, retour_id: 12, retour: 'Menu cassé', event: 'rouvert', author: 'Alice', comment: 'Pas sur Safari' }),
    { fr: ['Alice a rouvert le retour « Menu cassé » — Site vitrine', 'Pas sur Safari'], en: ['Alice reopened the feedback “Menu cassé” — Site vitrine', 'Pas sur Safari'] },
    '/projets/7/retours/12',
  ],
  [
    note('audit_chain', { break: 'edited', row: 42 }, null),
    {
      fr: [
        "Journal d'audit altéré : l'entrée n° 42 a été modifiée",
        "La vérification nocturne de la chaîne d'empreintes du journal d'audit a échoué. Vérifiez qui accède à la base de données et comparez avec une sauvegarde ; « portal audit verify » donne le détail.",
      ],
      en: [
        'Audit log tampered with: entry 42 was edited',
        "The nightly verification of the audit log's hash chain failed. Check who has access to the database and compare with a backup; “portal audit verify” gives the details.",
      ],
    },
    '/admin/journal',
  ],
  [note('message', { project_id: 7, text: 'Ancien texte', body: 'ancien corps' }), { fr: ['Ancien texte', 'ancien corps'], en: ['Ancien texte', 'ancien corps'] }, '/projets/7#messages'],
];

describe('notifications', () => {
  afterEach(async () => {
    await i18n.changeLanguage('fr');
  });

  it('are written from their kind and parameters in the reader’s language, and linked from their ids', async () => {
    for (const lang of ['fr', 'en'] as const) {
      await i18n.changeLanguage(lang);
      for (const [n, want, path] of cases) {
        const { title, body } = notificationText(n);
        expect([title, body], `${lang} ${n.kind}`).toEqual(want[lang]);
        expect(notificationPath(n), n.kind).toBe(path);
      }
    }
  });

  it('show the server’s French words for a kind this interface does not know', () => {
    expect(notificationText({ ...note('future', {}), title: 'Titre', body: 'Corps' })).toEqual({ title: 'Titre', body: 'Corps' });
  });
});
