// Where each main screen's « ? » leads: a guide of /aide and the anchor of its section. Small on
// purpose (it is in the first page's code); the guides themselves load with the help pages.
import { HELP_PATH } from './config.ts';

export type GuideId = 'client' | 'administrateur' | 'exploitation' | 'nouveautes';

/** The guides each role may read, in the order /aide lists them. */
export function guidesFor(role: string): GuideId[] {
  return role === 'admin' ? ['administrateur', 'client', 'exploitation', 'nouveautes'] : ['client', 'nouveautes'];
}

type Target = readonly [GuideId, string];

// The anchors are the `{#…}` of the guides' headings, the same in French and English
// (src/pages/help/guides.test.ts checks that every one exists).
export const HELP_TOPICS = {
  dashboard: { client: ['client', 'tableau-de-bord'], admin: ['administrateur', 'tableau-de-bord'] },
  projects: { client: ['client', 'projet'], admin: ['administrateur', 'projets'] },
  project: { client: ['client', 'projet'], admin: ['administrateur', 'projets'] },
  newProject: { client: ['client', 'projet'], admin: ['administrateur', 'projets'] },
  account: { client: ['client', 'mon-compte'], admin: ['client', 'mon-compte'] },
  clients: { client: ['client', 'tableau-de-bord'], admin: ['administrateur', 'clients'] },
  users: { client: ['client', 'tableau-de-bord'], admin: ['administrateur', 'utilisateurs'] },
  exchanges: { client: ['client', 'echanges'], admin: ['administrateur', 'historique-echanges'] },
  statistics: { client: ['client', 'tableau-de-bord'], admin: ['administrateur', 'statistiques'] },
  audit: { client: ['client', 'tableau-de-bord'], admin: ['administrateur', 'journal'] },
  jobs: { client: ['client', 'tableau-de-bord'], admin: ['administrateur', 'taches-planifiees'] },
} as const satisfies Record<string, { client: Target; admin: Target }>;

export type HelpTopic = keyof typeof HELP_TOPICS;

export function guidePath(guide: GuideId, anchor?: string): string {
  return `${HELP_PATH}/${guide}${anchor ? `#${anchor}` : ''}`;
}

export function helpHref(topic: HelpTopic, role: string): string {
  const [guide, anchor] = HELP_TOPICS[topic][role === 'admin' ? 'admin' : 'client'];
  return guidePath(guide, anchor);
}
