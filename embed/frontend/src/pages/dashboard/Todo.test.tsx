import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ClientTodo, StaffTodo, TodoRetour } from '../../api.ts';
import { json, marie, paul, renderApp, signedInAs } from '../../test/utils.tsx';
import { inContext, overview, retour as retourFixture } from '../../test/projects.ts';

function retour(overrides: Partial<TodoRetour> = {}): TodoRetour {
  return { ...retourFixture(), waiting_days: 0, ...overrides };
}

const empty = { items: [], total: 0 };

describe('« À traiter » on the client dashboard', () => {
  it('lists what waits for the client, each entry linking to where it acts, with the counts', async () => {
    const todo: ClientTodo = {
      versions: { items: [inContext({ waiting_seconds: 2 * 86400 + 60 })], total: 1 },
      resolved: { items: [retour()], total: 1 },
      questions: { items: [retour({ id: 13, kind: 'question', status: 'nouveau', title: 'Quel navigateur utilisez-vous ?', opened_role: 'admin', unread: 2 })], total: 1000 },
    };
    const calls = signedInAs(marie, (c) => (c.path === '/api/v1/todo' ? json(200, { client: todo }) : undefined));
    renderApp('/tableau-de-bord');
    const section = within(await screen.findByRole('region', { name: /^À traiter/ }));
    const versions = within(await section.findByRole('region', { name: 'Versions à valider' }));
    // 1 + 1 + a capped 1000: past the cap the figure says so.
    expect(section.getByRole('heading', { level: 2 })).toHaveTextContent(/^À traiter1000\+$/);
    expect(versions.getByRole('link', { name: 'Maquettes graphiques — version 1' })).toHaveAttribute('href', '/projets/42/livrables');
    expect(versions.getByText('En attente depuis 2 jours')).toBeInTheDocument();
    const resolved = within(section.getByRole('region', { name: 'Retours résolus à confirmer' }));
    expect(resolved.getByRole('link', { name: /^Le menu ne s’ouvre pas — confirmer la résolution ou rouvrir$/ })).toHaveAttribute('href', '/projets/42/retours/12');
    expect(resolved.getByTestId('todo-count')).toHaveTextContent('1');
    const questions = within(section.getByRole('region', { name: "Questions de l'équipe" }));
    expect(questions.getByRole('link', { name: /^Quel navigateur utilisez-vous \? — répondre à la question$/ })).toHaveAttribute('href', '/projets/42/retours/13');
    expect(questions.getByTestId('todo-count')).toHaveTextContent('1000+');
    // The staff's messages the client has not read yet, on the question; none on the resolved retour.
    expect(questions.getByText('2 nouveaux messages')).toBeInTheDocument();
    expect(resolved.queryByText(/nouveaux? messages?/)).toBeNull();
    // A client's entries do not name its own company nor a delay in working days.
    expect(section.queryByText(/ACME/)).toBeNull();
    expect(calls.filter((c) => c.path === '/api/v1/todo')).toHaveLength(1);
  });

  it('says when nothing waits for the client', async () => {
    signedInAs(marie, (c) => (c.path === '/api/v1/todo' ? json(200, { client: { versions: empty, resolved: empty, questions: empty } }) : undefined));
    renderApp('/tableau-de-bord');
    expect(await screen.findByText(/^Rien ne vous attend/)).toBeInTheDocument();
  });
});

describe('« À traiter » on the admin dashboard', () => {
  it('lists the late, blocking and new retours with their client and wait, and leads to all retours', async () => {
    const todo: StaffTodo = {
      delay_days: 2,
      late: { items: [retour({ id: 20, status: 'nouveau', title: 'Erreur 500 au paiement', waiting_days: 3 })], total: 1 },
      blocking: { items: [retour({ id: 21, status: 'en_cours', priority: 'bloquant', title: 'Site inaccessible', client_name: 'Beta SA', waiting_days: 1 })], total: 1 },
      new: { items: [retour({ id: 20, status: 'nouveau', title: 'Erreur 500 au paiement', waiting_days: 3 })], total: 4 },
    };
    signedInAs(paul, (c) => {
      if (c.path === '/api/v1/admin/overview') return json(200, overview());
      if (c.path === '/api/v1/admin/versions/pending') return json(200, { items: [] });
      if (c.path === '/api/v1/todo') return json(200, { staff: todo });
      return undefined;
    });
    renderApp('/tableau-de-bord');
    const section = within(await screen.findByRole('region', { name: /^À traiter/ }));
    const late = within(await section.findByRole('region', { name: 'Sans réponse depuis plus de 2 jours ouvrés' }));
    expect(late.getByRole('link', { name: /^Erreur 500 au paiement/ })).toHaveAttribute('href', '/projets/42/retours/20');
    expect(late.getByText('Refonte du site · ACME')).toBeInTheDocument();
    expect(late.getByText('en attente depuis 3 jours ouvrés')).toBeInTheDocument();
    const blocking = within(section.getByRole('region', { name: 'Bloquants ouverts' }));
    expect(blocking.getByText('Refonte du site · Beta SA')).toBeInTheDocument();
    expect(blocking.getByText('en attente depuis 1 jour ouvré')).toBeInTheDocument();
    expect(within(section.getByRole('region', { name: 'Retours à prendre en compte' })).getByTestId('todo-count')).toHaveTextContent('4');
    expect(section.getByRole('link', { name: 'Tous les retours' })).toHaveAttribute('href', '/admin/retours');
  });

  it('says when nothing waits for the staff', async () => {
    signedInAs(paul, (c) => {
      if (c.path === '/api/v1/admin/overview') return json(200, overview());
      if (c.path === '/api/v1/admin/versions/pending') return json(200, { items: [] });
      if (c.path === '/api/v1/todo') return json(200, { staff: { delay_days: 2, late: empty, blocking: empty, new: empty } });
      return undefined;
    });
    renderApp('/tableau-de-bord');
    expect(await screen.findByText(/^Rien n'attend l'équipe/)).toBeInTheDocument();
  });
});
