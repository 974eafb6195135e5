import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Task, User } from '../../api.ts';
import { apiError, fr, json, marie, page, paul, renderApp, signedInAs } from '../../test/utils.tsx';
import { detail, milestone } from '../../test/projects.ts';

function task(overrides: Partial<Task> = {}): Task {
  return {
    id: 1,
    project_id: 42,
    milestone_id: 101,
    milestone_title: 'Maquettes',
    position: 1,
    title: 'Page d’accueil',
    description: '',
    status: 'a_faire',
    assignee_id: null,
    assignee_name: '',
    due_date: null,
    visibility: 'client',
    done_at: null,
    updated_at: '2026-11-20T08:00:00Z',
    ...overrides,
  };
}

const steps = [
  milestone({ id: 100, position: 1, title: 'Conception', state: 'livree' }),
  milestone({ id: 101, position: 2, title: 'Maquettes', state: 'en_cours', tasks_done: 1, tasks_total: 2 }),
  milestone({ id: 102, position: 3, title: 'Mise en ligne' }),
];
const project = detail({
  milestones: steps,
  progress: { percent: 50, done: 1, total: 3 },
  shares: [
    { milestone_id: 100, title: 'Conception', state: 'livree', weight: 1, counted: 100, points: 33.3 },
    { milestone_id: 101, title: 'Maquettes', state: 'en_cours', weight: 1, counted: 50, points: 16.7 },
    { milestone_id: 102, title: 'Mise en ligne', state: 'a_venir', weight: 1, counted: 0, points: 0 },
  ],
});

function serve(user: User, tasks: Task[], extra: Parameters<typeof signedInAs>[1] = () => undefined) {
  return signedInAs(user, (c) => {
    const answer = extra(c);
    if (answer) return answer;
    if (c.method === 'GET' && c.path === '/api/v1/projects/42') return json(200, project);
    if (c.method === 'GET' && c.path === '/api/v1/projects/42/deliverables') return json(200, { items: [] });
    if (c.method === 'GET' && c.path === '/api/v1/projects/42/tasks') return json(200, { items: tasks, total: tasks.length, page: 1, per_page: 100 });
    if (c.method === 'GET' && c.path === '/api/v1/admin/users') return json(200, page([paul]));
    return undefined;
  });
}

describe('tasks of a step', () => {
  it('shows a client its tasks read-only, with « 1 tâche sur 2 terminée » and « Pourquoi 50 % ? »', { timeout: 20_000 }, async () => {
    serve(marie, [task(), task({ id: 2, position: 2, title: 'Charte graphique', status: 'terminee', retour_id: 7, retour_title: 'Couleurs trop pâles' })]);
    renderApp('/projets/42');
    const list = await screen.findByRole('list', { name: fr("Tâches de l'étape « Maquettes »") }, { timeout: 4000 });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(within(list).getByText('Terminée')).toBeInTheDocument();
    expect(screen.getByText('1 tâche sur 2 terminée')).toBeInTheDocument();
    // The task that answers a retour leads to it.
    expect(within(list).getByRole('link', { name: /^Répond au retour n°\s7\s: Couleurs trop pâles$/ })).toHaveAttribute('href', '/projets/42/retours/7');
    expect(screen.queryByRole('combobox', { name: /Statut de la tâche/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Ajouter des tâches/ })).toBeNull();
    const why = screen.getByRole('table', { name: /Ce que chaque étape apporte aux 50/ });
    expect(within(why).getByRole('row', { name: /Maquettes/ })).toHaveTextContent(/En cours : 50\s% des tâches terminées.*\+16,7 pts/);
    expect(screen.getByText(/^Pourquoi 50\s%\s\?$/)).toBeInTheDocument();
  });

  it('lets staff paste a list: a bad line is explained on the field, then the tasks are added', { timeout: 20_000 }, async () => {
    let tries = 0;
    const calls = serve(paul, [], (c) => {
      if (c.method === 'POST' && c.path === '/api/v1/admin/milestones/101/tasks/paste') {
        tries += 1;
        if (tries === 1) return apiError(422, 'paste_line_too_long', 'Ligne 2 : le titre ne peut pas dépasser 200 caractères.', 'r', 'text', { line: 2, max: 200 });
        return json(201, { items: [task(), task({ id: 2 })] });
      }
      return undefined;
    });
    renderApp('/projets/42');
    const user = userEvent.setup();
    const add = await screen.findByRole('button', { name: /^Ajouter des tâches.*Maquettes/ }, { timeout: 3000 });
    await user.click(add);
    const dialog = screen.getByRole('dialog', { name: fr("Ajouter des tâches à l'étape « Maquettes »") });
    await user.click(within(dialog).getByRole('button', { name: 'Ajouter 0 tâche' }));
    expect(within(dialog).getByText('Collez au moins une tâche : une par ligne.')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText(/^Tâches, une par ligne/), '- Page d’accueil{enter}- Charte');
    await user.selectOptions(within(dialog).getByLabelText('Visibilité'), 'interne');
    await user.click(within(dialog).getByRole('button', { name: 'Ajouter 2 tâches' }));
    expect(await within(dialog).findByText('Ligne 2 : le titre ne peut pas dépasser 200 caractères.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Ajouter 2 tâches' }));
    expect(await screen.findByText(/^2 tâches ajoutées à l'étape/)).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({ text: '- Page d’accueil\n- Charte', visibility: 'interne', assignee_id: 0, due_date: '' });
  });
});
