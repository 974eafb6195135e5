import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, fr, json, marie, page, paul, renderApp, signedInAs } from '../test/utils.tsx';
import { inContext, overview, project } from '../test/projects.ts';

// What the client dashboard reads besides its projects and latest versions: nothing waiting.
const nothingWaiting = { total: 0, items: [] };
function clientDashboardRest(c: { path: string }) {
  if (c.path === '/api/v1/todo') return json(200, { client: { versions: nothingWaiting, resolved: nothingWaiting, questions: nothingWaiting } });
  if (c.path === '/api/v1/retours/summary') return json(200, { open: 0, new: 0, resolved: 0 });
  return undefined;
}

const INTERNAL_FR = 'Une erreur interne est survenue. Réessayez ; si le problème persiste, contactez le support en indiquant la référence.';

describe('client dashboard (/tableau-de-bord)', () => {
  it('shows its projects as cards with their progress, and the latest deliverables to download', async () => {
    const calls = signedInAs(marie, (c) => {
      if (c.path === '/api/v1/projects') return json(200, page([project(), project({ id: 43, name: 'Application mobile', has_overdue: true, schedule: 'at_risk' })], 8));
      if (c.path === '/api/v1/versions/latest') return json(200, { items: [inContext(), inContext({ id: 501, number: 2, status: 'valide', file_name: 'v2.pdf', size: 2048 })] });
      return clientDashboardRest(c);
    });
    renderApp('/tableau-de-bord');
    expect(await screen.findByRole('heading', { level: 1, name: 'Bonjour Marie Dupont' })).toBeInTheDocument();
    const projects = within(await screen.findByRole('region', { name: 'Vos projets' }));
    const card = within((await projects.findByRole('link', { name: 'Refonte du site' })).closest('article')!);
    expect(card.getByText('33 % · étape 1 sur 3')).toBeInTheDocument();
    expect(card.getByText('En cours')).toBeInTheDocument();
    expect(card.getByText('Maquettes')).toBeInTheDocument();
    expect(card.getByText('— prévue le 25 déc. 2026', { exact: false })).toBeInTheDocument();
    const risky = within(projects.getByRole('link', { name: 'Application mobile' }).closest('article')!);
    expect(risky.getByText('À risque')).toBeInTheDocument();
    expect(risky.getByText('Étape en retard')).toBeInTheDocument();
    expect(projects.getByRole('link', { name: 'Voir les 8 projets' })).toHaveAttribute('href', '/projets');

    const latest = within(screen.getByRole('region', { name: 'Derniers livrables' }));
    expect(await latest.findByRole('link', { name: 'Maquettes graphiques — version 1' })).toHaveAttribute('href', '/projets/42/livrables');
    expect(latest.getByText('En attente de validation')).toBeInTheDocument();
    expect(latest.getByText('Validé')).toBeInTheDocument();
    const downloads = latest.getAllByRole('link', { name: /^Télécharger/ });
    expect(downloads.map((a) => a.getAttribute('href'))).toEqual(['/api/v1/versions/500/download', '/api/v1/versions/501/download']);
    expect(latest.getByText(/^maquettes\.pdf · 1,5\sMo$/)).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/versions/latest')?.search).toBe('?limit=5');
    expect(calls.some((c) => c.path.startsWith('/api/v1/admin'))).toBe(false);
  });

  it('says what to expect when there is nothing yet', async () => {
    signedInAs(marie, (c) => {
      if (c.path === '/api/v1/projects') return json(200, page([]));
      if (c.path === '/api/v1/versions/latest') return json(200, { items: [] });
      return clientDashboardRest(c);
    });
    renderApp('/tableau-de-bord');
    expect(await screen.findByRole('heading', { name: "Aucun projet pour l'instant" })).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: "Aucun livrable pour l'instant" })).toBeInTheDocument();
  });

  it("shows the API's French message when a list cannot load", async () => {
    signedInAs(marie, (c) => {
      if (c.path === '/api/v1/projects') return apiError(500, 'internal', INTERNAL_FR, 'req-42');
      if (c.path === '/api/v1/versions/latest') return json(200, { items: [] });
      return clientDashboardRest(c);
    });
    renderApp('/tableau-de-bord');
    expect(await screen.findByText(INTERNAL_FR)).toBeInTheDocument();
    expect(screen.getByText("Référence de l'incident : req-42")).toBeInTheDocument();
  });
});

describe('admin dashboard (/tableau-de-bord)', () => {
  it('shows the figures, projects by status as a chart with its table, alerts and the validations awaited', async () => {
    const calls = signedInAs(paul, (c) => {
      if (c.path === '/api/v1/admin/overview') return json(200, overview());
      if (c.path === '/api/v1/admin/versions/pending') return json(200, { items: [inContext({ waiting_seconds: 3 * 86400 + 60 })] });
      return undefined;
    });
    renderApp('/tableau-de-bord');
    expect(await screen.findByRole('link', { name: /^6 clients actifs/ })).toHaveAttribute('href', '/admin/clients');
    expect(screen.getByRole('link', { name: /^7 projets en cours/ })).toHaveAttribute('href', '/projets?statut=en_cours');
    expect(screen.getByRole('link', { name: /^1 projet en retard/ })).toHaveAttribute('href', '/projets?retard=1');
    expect(screen.getByRole('link', { name: /^1 étape en retard/ })).toHaveAttribute('href', '/projets?etape-en-retard=1');
    expect(screen.getByText('projets à risque')).toBeInTheDocument();

    // The chart is a picture with a text alternative, and the same figures in a table.
    expect(screen.getByRole('img', { name: fr('Projets par statut — En cours : 7, En pause : 2, Terminé : 3') })).toBeInTheDocument();
    const table = within(screen.getByRole('table', { name: 'Projets par statut' }));
    expect(table.getByRole('row', { name: /En cours 7 58/ })).toBeInTheDocument();
    expect(table.getByRole('row', { name: /En pause 2 17/ })).toBeInTheDocument();
    expect(table.getByRole('row', { name: /Terminé 3 25/ })).toBeInTheDocument();

    const overdue = within(screen.getByRole('region', { name: /^Étapes en retard/ }));
    expect(overdue.getByText('Recette')).toBeInTheDocument();
    expect(overdue.getByRole('link', { name: 'Application mobile' })).toHaveAttribute('href', '/projets/43');
    expect(overdue.getByText('Prévue le 20 nov. 2026')).toBeInTheDocument();
    const late = within(screen.getByRole('region', { name: /^Projets en retard/ }));
    expect(late.getByText('Échéance dépassée : 22 nov. 2026')).toBeInTheDocument();

    const pending = within(screen.getByRole('region', { name: 'Validations en attente' }));
    expect(await pending.findByRole('link', { name: 'Maquettes graphiques — version 1' })).toHaveAttribute('href', '/projets/42/livrables');
    expect(pending.getByText('En attente depuis 3 jours')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/admin/versions/pending')?.search).toBe('?limit=8');
    expect(screen.getByRole('link', { name: 'Nouveau projet' })).toHaveAttribute('href', '/projets/nouveau');
  });

  it('says when all is well', async () => {
    signedInAs(paul, (c) => {
      if (c.path === '/api/v1/admin/overview') return json(200, overview({ late_projects: 0, overdue_milestones: 0, overdue_list: [], late_list: [], projects_by_status: {} }));
      if (c.path === '/api/v1/admin/versions/pending') return json(200, { items: [] });
      return undefined;
    });
    renderApp('/tableau-de-bord');
    expect(await screen.findByText('Aucune étape en retard.')).toBeInTheDocument();
    expect(screen.getByText('Aucun projet en retard.')).toBeInTheDocument();
    expect(await screen.findByText("Aucun livrable n'attend la décision d'un client.")).toBeInTheDocument();
    expect(screen.getByText(/Aucun projet pour l'instant/)).toBeInTheDocument();
  });
});
