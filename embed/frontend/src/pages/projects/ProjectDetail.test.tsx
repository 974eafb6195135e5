import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Deliverable, ProjectDetail, User } from '../../api.ts';
import { apiError, client, fr, json, marie, noContent, page, paul, renderApp, signedInAs, type Call } from '../../test/utils.tsx';
import { deliverable, detail, milestone, SHA, threeSteps, version } from '../../test/projects.ts';
import { FakeXHR, installFakeXHR } from '../../test/xhr.ts';

interface State {
  project: ProjectDetail;
  deliverables: Deliverable[];
}

function server(user: User, extra: (c: Call, s: State) => Response | undefined = () => undefined, initial: Partial<State> = {}) {
  const state: State = { project: detail(), deliverables: [deliverable()], ...initial };
  const calls = signedInAs(user, (c) => {
    const answer = extra(c, state);
    if (answer) return answer;
    if (c.method === 'GET' && c.path === '/api/v1/projects/42') return json(200, state.project);
    if (c.method === 'GET' && c.path === '/api/v1/projects/42/deliverables') return json(200, { items: state.deliverables });
    if (c.method === 'GET' && c.path === '/api/v1/admin/clients') return json(200, page([client()]));
    if (c.method === 'GET' && c.path === '/api/v1/admin/users') return json(200, page([paul]));
    return undefined;
  });
  return { calls, state };
}

async function open(path = '/projets/42') {
  renderApp(path);
  expect(await screen.findByRole('heading', { level: 1, name: 'Refonte du site' })).toBeInTheDocument();
}

const stepItem = (title: string) => screen.getByRole('heading', { level: 3, name: new RegExp(`:\\s${title}$`) }).closest('li')!;
const deliverableCard = () => within(screen.getByRole('heading', { level: 3, name: 'Maquettes graphiques' }).closest('article')!);

describe('project page (/projets/:id) for a client', () => {
  it('shows the description as text with safe links, the dates, the status and the computed progress', async () => {
    server(marie, (_c, s) => {
      s.project = { ...s.project, description: 'Voir https://exemple.fr/doc.\n<b>pas de HTML</b>', has_overdue: true, schedule: 'at_risk' };
      return undefined;
    });
    await open();
    expect(screen.getAllByText('Transports Durand').length).toBeGreaterThan(0);
    expect(screen.getAllByText('En cours')[0]).toBeInTheDocument();
    expect(screen.getByText('À risque')).toBeInTheDocument();
    expect(screen.getAllByText('Étape en retard')[0]).toBeInTheDocument();
    expect(screen.getByText('33 % · étape 1 sur 3')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: fr('Avancement de « Refonte du site »') })).toHaveAttribute('aria-valuenow', '33');
    expect(screen.getByText('1 nov. 2026')).toBeInTheDocument();
    expect(screen.getByText('13 févr. 2027')).toBeInTheDocument();
    expect(screen.getByText('Paul Martin')).toBeInTheDocument();
    const link = screen.getByRole('link', { name: /^https:\/\/exemple\.fr\/doc/ });
    expect(link).toHaveAttribute('href', 'https://exemple.fr/doc');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(document.querySelector('main b')).toBeNull();
    expect(screen.getByText(/<b>pas de HTML<\/b>/)).toBeInTheDocument();
    // No admin action for a client.
    expect(screen.queryByRole('button', { name: 'Modifier le projet' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Ajouter une étape' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Téléverser/ })).toBeNull();
  });

  it('shows the steps as a timeline with their state in words, due dates, overdue flag and who delivered them, and the history', async () => {
    server(marie, (_c, s) => {
      s.project = {
        ...s.project,
        milestones: [
          threeSteps[0],
          milestone({
            id: 101,
            title: 'Maquettes',
            state: 'validee',
            delivered_at: '2026-11-26T09:00:00Z',
            delivered_by: 'Paul Martin',
            validated_at: '2026-11-27T10:30:00Z',
            validated_by: 'Marie Dupont',
          }),
          milestone({ id: 102, title: 'Mise en ligne', due_date: '2026-11-20', overdue: true, state: 'en_cours' }),
        ],
        history: [
          { kind: 'validated', at: '2026-11-27T10:30:00Z', by: 'Marie Dupont', milestone_id: 101, task_id: null, title: 'Maquettes' },
          { kind: 'delivered', at: '2026-11-25T13:05:00Z', by: 'Paul Martin', milestone_id: 100, task_id: null, title: 'Conception' },
        ],
      };
      return undefined;
    });
    await open();
    const first = within(stepItem('Conception'));
    expect(first.getByText('Livrée')).toBeInTheDocument();
    expect(first.getByText('Prévue le 30 nov. 2026')).toBeInTheDocument();
    expect(first.getByText('Livrée le 25 nov. 2026 à 14:05 par Paul Martin')).toBeInTheDocument();
    const second = within(stepItem('Maquettes'));
    expect(second.getByText('Validée')).toBeInTheDocument();
    expect(second.getByText('Validée le 27 nov. 2026 à 11:30 par Marie Dupont')).toBeInTheDocument();
    const third = within(stepItem('Mise en ligne'));
    expect(third.getByText('En cours')).toBeInTheDocument();
    expect(third.getByText('En retard')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 3, name: fr('Étape 3 sur 3 : Mise en ligne') })).toBeInTheDocument();
    const history = within(screen.getByRole('region', { name: 'Historique du projet' }));
    const entries = history.getAllByRole('listitem');
    expect(entries[0]).toHaveTextContent('Étape « Maquettes » validée par Marie Dupont');
    expect(entries[1]).toHaveTextContent('Étape « Conception » livrée par Paul Martin');
    expect(entries[1]).toHaveTextContent('25 nov. 2026 à 14:05');
  });

  it('lists the deliverables with their size, shortened SHA-256 (copyable), status, download and PDF preview in a tab', async () => {
    server(marie);
    await open();
    const card = deliverableCard();
    expect(card.getByText('Étape : Maquettes')).toBeInTheDocument();
    expect(card.getByText('Version 1')).toBeInTheDocument();
    expect(card.getByText('En attente de validation')).toBeInTheDocument();
    expect(card.getByText('maquettes.pdf')).toBeInTheDocument();
    expect(card.getByText(/1,5\sMo/)).toBeInTheDocument();
    const code = card.getByText('a3f1c2d4…23456789');
    expect(code).toHaveAttribute('title', SHA);
    const download = card.getByRole('link', { name: /^Télécharger/ });
    expect(download).toHaveAttribute('href', '/api/v1/versions/500/download');

    const user = userEvent.setup();
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await user.click(card.getByRole('button', { name: /^Copier/ }));
    expect(writeText).toHaveBeenCalledWith(SHA);
    expect(await screen.findByText('Empreinte SHA-256 copiée.')).toBeInTheDocument();

    // A PDF opens in a tab of its own (browsers refuse PDFs in sandboxed frames; the server sandboxes it).
    const preview = card.getByRole('link', { name: /^Aperçu/ });
    expect(preview).toHaveAttribute('href', '/api/v1/versions/500/download?inline=1');
    expect(preview).toHaveAttribute('target', '_blank');
    expect(preview).toHaveAttribute('rel', 'noopener noreferrer');
    expect(preview).toHaveAccessibleName(/s'ouvre dans un nouvel onglet/);
  });

  it('offers no preview for types the browser should not open, and shows images in the page', async () => {
    server(marie, (_c, s) => {
      s.deliverables = [
        deliverable({ id: 1, title: 'Archive', versions: [version({ id: 1, file_name: 'site.zip', content_type: 'application/zip' })] }),
        deliverable({ id: 2, title: 'Logo', versions: [version({ id: 2, file_name: 'logo.png', content_type: 'image/png' })] }),
      ];
      return undefined;
    });
    await open();
    const archive = within(screen.getByRole('heading', { level: 3, name: 'Archive' }).closest('article')!);
    expect(archive.queryByRole('button', { name: /^Aperçu/ })).toBeNull();
    const logo = within(screen.getByRole('heading', { level: 3, name: 'Logo' }).closest('article')!);
    await userEvent.setup().click(logo.getByRole('button', { name: /^Aperçu/ }));
    const dialog = screen.getByRole('dialog', { name: fr('Aperçu : Logo, version 1') });
    expect(within(dialog).getByRole('img', { name: 'Aperçu de logo.png' })).toHaveAttribute('src', '/api/v1/versions/2/download?inline=1');
    expect(dialog.querySelector('iframe')).toBeNull();
  });

  it('asks for changes: the comment is mandatory, then the decision is sent and the page reloaded', async () => {
    const { calls } = server(marie, (c, s) => {
      if (c.method === 'POST' && c.path === '/api/v1/versions/500/decision') {
        s.deliverables = [
          deliverable({
            versions: [version({ status: 'modifications', decisions: [{ decision: 'modifications', comment: 'Logo plus grand.', sha256: SHA, by: 'Marie Dupont', at: '2026-11-26T08:00:00Z' }] })],
          }),
        ];
        s.project = { ...s.project, progress: { percent: 33, done: 1, total: 3 } };
        return json(200, s.deliverables[0]);
      }
      return undefined;
    });
    await open();
    const user = userEvent.setup();
    await user.click(deliverableCard().getByRole('button', { name: /^Demander des modifications/ }));
    const dialog = screen.getByRole('dialog', { name: fr('Demander des modifications sur « Maquettes graphiques » (version 1)') });
    expect(dialog).toHaveTextContent("L'étape « Maquettes » repassera « en cours ».");
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer la demande' }));
    expect(within(dialog).getByText('Expliquez les modifications attendues : le commentaire est obligatoire.')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
    await user.type(within(dialog).getByLabelText(/^Modifications attendues/), 'Logo plus grand.');
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer la demande' }));
    expect(await screen.findByText("Demande de modifications envoyée pour « Maquettes graphiques » : un retour la suit jusqu'à la nouvelle version.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ decision: 'modifications', comment: 'Logo plus grand.' });
    const card = deliverableCard();
    expect(await card.findByText('Logo plus grand.')).toBeInTheDocument();
    expect(card.getAllByText('Modifications demandées').length).toBeGreaterThan(0);
    expect(card.queryByRole('button', { name: /^Valider/ })).toBeNull();
    expect(calls.filter((c) => c.path === '/api/v1/projects/42').length).toBe(2);
  });

  it('validates the latest version; a refusal of the server (409) stays in the dialog', async () => {
    let tries = 0;
    const { calls } = server(marie, (c, s) => {
      if (c.method === 'POST' && c.path === '/api/v1/versions/500/decision') {
        tries += 1;
        if (tries === 1) return apiError(409, 'version_superseded', 'Une version plus récente de ce livrable existe (v2) : c’est elle qu’il faut valider ou commenter.');
        s.deliverables = [deliverable({ versions: [version({ status: 'valide' })] })];
        return json(200, s.deliverables[0]);
      }
      return undefined;
    });
    await open();
    const user = userEvent.setup();
    await user.click(deliverableCard().getByRole('button', { name: /^Valider/ }));
    const dialog = screen.getByRole('dialog', { name: fr('Valider « Maquettes graphiques » (version 1) ?') });
    await user.click(within(dialog).getByRole('button', { name: 'Valider le livrable' }));
    expect(await within(dialog).findByText(/Une version plus récente de ce livrable existe/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Valider le livrable' }));
    expect(await screen.findByText('« Maquettes graphiques » validé : merci !')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { decision: 'valide', comment: '' },
      { decision: 'valide', comment: '' },
    ]);
  });

  it('/projets/:id/livrables opens the same page at its deliverables', async () => {
    server(marie);
    const scroll = vi.fn();
    Element.prototype.scrollIntoView = scroll;
    await open('/projets/42/livrables');
    await waitFor(() => expect(scroll).toHaveBeenCalledTimes(1));
    expect(scroll.mock.contexts[0]).toBe(document.getElementById('livrables'));
    delete (Element.prototype as { scrollIntoView?: unknown }).scrollIntoView;
  });

  it("answers another client's project (404) with the page « introuvable »", async () => {
    signedInAs(marie, (c) => (c.path.startsWith('/api/v1/projects/99') ? apiError(404, 'not_found', 'Introuvable.') : undefined));
    renderApp('/projets/99');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page introuvable' })).toBeInTheDocument();
  });
});

describe('project page (/projets/:id) for an admin', () => {
  beforeEach(() => installFakeXHR());

  it('shows no decision buttons to an admin, but the management of steps and deliverables', async () => {
    server(paul);
    await open();
    expect(deliverableCard().queryByRole('button', { name: /^Valider/ })).toBeNull();
    expect(deliverableCard().queryByRole('button', { name: /^Demander des modifications/ })).toBeNull();
    expect(screen.getAllByRole('button', { name: 'Ajouter une étape' }).length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Téléverser un livrable' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Transports Durand' })).toHaveAttribute('href', '/admin/clients/3');
  });

  it('adds a step: the API error goes next to its field; success updates the steps and the progress', async () => {
    let tries = 0;
    const { calls } = server(paul, (c, s) => {
      if (c.method === 'POST' && c.path === '/api/v1/admin/projects/42/milestones') {
        tries += 1;
        if (tries === 1) return apiError(422, 'invalid', 'La date prévue n’est pas une date valide.', 'r', 'due_date');
        s.project = { ...s.project, milestones: [...threeSteps, milestone({ id: 103, title: 'Recette', position: 4 })], progress: { percent: 25, done: 1, total: 4 } };
        return json(201, s.project);
      }
      return undefined;
    });
    await open();
    const user = userEvent.setup();
    await user.click(screen.getAllByRole('button', { name: 'Ajouter une étape' })[0]);
    const dialog = screen.getByRole('dialog', { name: 'Ajouter une étape' });
    await user.click(within(dialog).getByRole('button', { name: "Ajouter l'étape" }));
    expect(within(dialog).getByText("Saisissez le titre de l'étape.")).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText(/^Titre de l'étape/), 'Recette');
    await user.click(within(dialog).getByRole('button', { name: "Ajouter l'étape" }));
    expect(await within(dialog).findByText('La date prévue n’est pas une date valide.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Date prévue')).toHaveAttribute('aria-invalid', 'true');
    await user.click(within(dialog).getByRole('button', { name: "Ajouter l'étape" }));
    expect(await screen.findByText('Étape « Recette » ajoutée.')).toBeInTheDocument();
    expect(screen.getByText('25 % · étape 1 sur 4')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({ title: 'Recette', description: '', due_date: '', weight: 1 });
  });

  it('marks a step delivered, reopens one after confirming, and deletes one after confirming', async () => {
    const { calls } = server(paul, (c, s) => {
      if (c.method === 'POST' && c.path === '/api/v1/admin/milestones/101/state') {
        s.project = {
          ...s.project,
          milestones: [threeSteps[0], { ...threeSteps[1], state: 'livree', delivered_at: '2026-11-26T09:00:00Z', delivered_by: 'Paul Martin' }, threeSteps[2]],
          progress: { percent: 67, done: 2, total: 3 },
        };
        return json(200, s.project);
      }
      if (c.method === 'POST' && c.path === '/api/v1/admin/milestones/100/state') {
        s.project = { ...s.project, milestones: s.project.milestones.map((m) => (m.id === 100 ? { ...m, state: 'a_venir' as const } : m)), progress: { percent: 33, done: 1, total: 3 } };
        return json(200, s.project);
      }
      if (c.method === 'DELETE' && c.path === '/api/v1/admin/milestones/102') {
        s.project = { ...s.project, milestones: s.project.milestones.filter((m) => m.id !== 102), progress: { percent: 50, done: 1, total: 2 } };
        return json(200, s.project);
      }
      return undefined;
    });
    await open();
    const user = userEvent.setup();
    await user.click(within(stepItem('Maquettes')).getByRole('button', { name: /^Marquer livrée/ }));
    expect(await screen.findByText('Étape « Maquettes » marquée livrée.')).toBeInTheDocument();
    expect(screen.getByText('67 % · étape 2 sur 3')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/admin/milestones/101/state')?.body).toEqual({ state: 'livree' });

    await user.click(within(stepItem('Conception')).getByRole('button', { name: /^Rouvrir/ }));
    const reopen = screen.getByRole('dialog', { name: fr("Rouvrir l'étape « Conception » ?") });
    await user.click(within(reopen).getByRole('button', { name: 'Rouvrir' }));
    expect(await screen.findByText('Étape « Conception » rouverte.')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/admin/milestones/100/state')?.body).toEqual({ state: 'a_venir' });

    await user.click(within(stepItem('Mise en ligne')).getByRole('button', { name: fr("Autres actions pour l'étape « Mise en ligne »") }));
    await user.click(within(stepItem('Mise en ligne')).getByRole('button', { name: "Supprimer l'étape" }));
    const del = screen.getByRole('dialog', { name: fr("Supprimer l'étape « Mise en ligne » ?") });
    expect(del).toHaveTextContent('Cette action est définitive.');
    await user.click(within(del).getByRole('button', { name: "Supprimer l'étape" }));
    expect(await screen.findByText('Étape « Mise en ligne » supprimée.')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 3, name: /Mise en ligne/ })).toBeNull();
  });

  it('reorders the steps with buttons (every id once, in the new order); the focus follows the step', async () => {
    const { calls } = server(paul, (c, s) => {
      if (c.method === 'PUT' && c.path === '/api/v1/admin/projects/42/milestones/order') {
        const ids = (c.body as { ids: number[] }).ids;
        s.project = { ...s.project, milestones: ids.map((id, i) => ({ ...threeSteps.find((m) => m.id === id)!, position: i + 1 })) };
        return json(200, s.project);
      }
      return undefined;
    });
    await open();
    const user = userEvent.setup();
    const up = within(stepItem('Conception')).getByRole('button', { name: fr("Monter l'étape « Conception »") });
    expect(up).toBeDisabled();
    await user.click(within(stepItem('Conception')).getByRole('button', { name: fr("Descendre l'étape « Conception »") }));
    expect(await screen.findByText('Étape « Conception » déplacée en position 2 sur 3.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ ids: [101, 100, 102] });
    const titles = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(titles.slice(0, 3)).toEqual([fr('Étape 1 sur 3 : 1. Maquettes'), fr('Étape 2 sur 3 : 2. Conception'), fr('Étape 3 sur 3 : 3. Mise en ligne')]);
    await waitFor(() => expect(within(stepItem('Conception')).getByRole('button', { name: fr("Descendre l'étape « Conception »") })).toHaveFocus());
  });

  it('edits the project in a dialog and sends every field (a full replacement)', async () => {
    const { calls } = server(paul, (c, s) => {
      if (c.method === 'PATCH' && c.path === '/api/v1/admin/projects/42') {
        s.project = { ...s.project, status: 'en_pause' };
        return json(200, s.project);
      }
      return undefined;
    });
    await open();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Modifier le projet' }));
    const dialog = screen.getByRole('dialog', { name: fr('Modifier « Refonte du site »') });
    await waitFor(() => expect(within(dialog).getByLabelText(/^Client/)).toHaveValue('3'));
    expect(within(dialog).getByLabelText(/^Nom du projet/)).toHaveValue('Refonte du site');
    // Shown day first (« jj/mm/aaaa »), sent as an ISO day.
    expect(within(dialog).getByLabelText('Date de début')).toHaveValue('01/11/2026');
    await user.selectOptions(within(dialog).getByLabelText('Statut'), 'en_pause');
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText('Projet enregistré.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      client_id: 3,
      name: 'Refonte du site',
      description: 'Nouveau site vitrine.',
      start_date: '2026-11-01',
      deadline: '2027-02-13',
      status: 'en_pause',
      manager_id: 1,
    });
    expect(screen.getAllByText('En pause').length).toBeGreaterThan(0);
  });

  it('uploads a deliverable with a progress bar, bytes and time left; it can be cancelled; the server error goes next to the file', async () => {
    const { calls } = server(paul);
    await open();
    const user = userEvent.setup();
    await user.click(screen.getAllByRole('button', { name: 'Téléverser un livrable' })[0]);
    const dialog = screen.getByRole('dialog', { name: 'Téléverser un livrable' });
    await user.click(within(dialog).getByRole('button', { name: 'Téléverser' }));
    expect(within(dialog).getByText('Choisissez le fichier à téléverser.')).toBeInTheDocument();
    expect(FakeXHR.all).toHaveLength(0);

    const file = new File(['x'], 'plan v2.pdf', { type: 'application/pdf' });
    Object.defineProperty(file, 'size', { value: 40 * 1024 * 1024 });
    await user.type(within(dialog).getByLabelText(/^Titre du livrable/), 'Plan');
    await user.selectOptions(within(dialog).getByLabelText(/^Étape concernée/), '101');
    await user.upload(within(dialog).getByLabelText(/^Fichier/), file);
    expect(within(dialog).getByText(/^plan v2\.pdf — 40\sMo$/)).toBeInTheDocument();

    // First try: cancelled.
    await user.click(within(dialog).getByRole('button', { name: 'Téléverser' }));
    expect(FakeXHR.last!.url).toBe('/api/v1/admin/projects/42/deliverables?title=Plan&milestone_id=101');
    await user.click(within(dialog).getByRole('button', { name: 'Annuler le téléversement' }));
    expect(await within(dialog).findByText("Téléversement annulé : rien n'a été enregistré.")).toBeInTheDocument();

    // Second try: refused by the server (its message next to the file).
    await user.click(within(dialog).getByRole('button', { name: 'Téléverser' }));
    act(() =>
      FakeXHR.last!.respond(422, {
        error: { code: 'upload_refused', message: 'Erreur de téléversement : les fichiers « .exe » ne sont pas acceptés sur ce portail.', field: 'file', request_id: 'r' },
      }),
    );
    expect(await within(dialog).findByText(/les fichiers « \.exe » ne sont pas acceptés/)).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Fichier/)).toHaveAttribute('aria-invalid', 'true');

    // Third try: the progress, then the answer.
    await user.click(within(dialog).getByRole('button', { name: 'Téléverser' }));
    const xhr = FakeXHR.last!;
    act(() => xhr.progress(12.5 * 1024 * 1024, 40 * 1024 * 1024));
    const bar = within(dialog).getByRole('progressbar', { name: 'Téléversement de plan v2.pdf' });
    expect(bar).toHaveAttribute('aria-valuenow', '31');
    expect(within(dialog).getByText(/^31\s%$/)).toBeInTheDocument();
    expect(within(dialog).getByText(/^12,5\sMo sur 40\sMo$/)).toBeInTheDocument();
    expect(within(dialog).getByText(/^Temps restant\s:\senviron \d+ secondes?$|^Calcul du temps restant…$/)).toBeInTheDocument();
    act(() => xhr.progress(40 * 1024 * 1024, 40 * 1024 * 1024));
    expect(bar).toHaveAttribute('aria-valuenow', '100');
    expect(within(dialog).getByText(/vérification et enregistrement sur le serveur/)).toBeInTheDocument();
    act(() => xhr.respond(201, deliverable({ id: 301, title: 'Plan', latest_version: 1 })));
    expect(await screen.findByText('« Plan » : version 1 téléversée.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/v1/projects/42/deliverables').length).toBe(2));
    expect(calls.filter((c) => c.path === '/api/v1/projects/42').length).toBe(2);
  });

  it('uploads a new version, deletes a version after confirming, and lists who downloaded it', async () => {
    const { calls } = server(paul, (c, s) => {
      if (c.method === 'DELETE' && c.path === '/api/v1/admin/versions/500') {
        s.deliverables = [];
        return noContent();
      }
      if (c.method === 'GET' && c.path === '/api/v1/admin/versions/500/downloads') {
        return json(200, { items: [{ at: '2026-11-26T09:00:00Z', user: 'marie.dupont@client.fr', role: 'client', ip: '192.0.2.7' }] });
      }
      return undefined;
    });
    await open();
    const user = userEvent.setup();
    await user.click(deliverableCard().getByRole('button', { name: /^Nouvelle version/ }));
    const dialog = screen.getByRole('dialog', { name: fr('Nouvelle version de « Maquettes graphiques » (version 2)') });
    await user.type(within(dialog).getByLabelText(/^Note pour le client/), 'Logo agrandi');
    await user.upload(within(dialog).getByLabelText(/^Fichier/), new File(['v2'], 'maquettes-v2.pdf'));
    await user.click(within(dialog).getByRole('button', { name: 'Téléverser' }));
    expect(FakeXHR.last!.url).toBe('/api/v1/admin/deliverables/300/versions?note=Logo+agrandi');
    act(() => FakeXHR.last!.respond(201, deliverable({ latest_version: 2 })));
    expect(await screen.findByText('« Maquettes graphiques » : version 2 téléversée.')).toBeInTheDocument();

    await user.click(deliverableCard().getByRole('button', { name: /^Téléchargements/ }));
    const downloads = screen.getByRole('dialog', { name: fr('Téléchargements de « Maquettes graphiques », version 1') });
    expect(await within(downloads).findByText('marie.dupont@client.fr')).toBeInTheDocument();
    expect(downloads).toHaveTextContent('26 nov. 2026 à 10:00 · client · adresse 192.0.2.7');
    await user.click(within(downloads).getAllByRole('button', { name: 'Fermer' })[1]);

    await user.click(deliverableCard().getByRole('button', { name: /^Supprimer/ }));
    const del = screen.getByRole('dialog', { name: fr('Supprimer la version 1 de « Maquettes graphiques » ?') });
    expect(del).toHaveTextContent(/C'est la seule version/);
    await user.click(within(del).getByRole('button', { name: 'Supprimer la version' }));
    expect(await screen.findByText('Version 1 de « Maquettes graphiques » supprimée.')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api/v1/admin/versions/500')).toBe(true);
    expect(await screen.findByRole('heading', { name: "Aucun livrable pour l'instant" })).toBeInTheDocument();
  });

  it('does not offer to delete a validated version', async () => {
    server(paul, (_c, s) => {
      s.deliverables = [deliverable({ versions: [version({ status: 'valide' })] })];
      return undefined;
    });
    await open();
    expect(deliverableCard().getByText('Validé')).toBeInTheDocument();
    expect(deliverableCard().queryByRole('button', { name: /^Supprimer/ })).toBeNull();
  });
});
