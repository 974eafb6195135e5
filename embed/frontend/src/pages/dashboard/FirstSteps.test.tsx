import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, marie, paul, renderApp, signedInAs } from '../../test/utils.tsx';
import { firstStepsKey } from './FirstSteps.tsx';

// What the client dashboard reads: nothing, so that only the card matters here.
function emptyClientDashboard(c: { path: string }) {
  if (c.path === '/api/v1/projects') return json(200, { items: [], total: 0, page: 1, per_page: 6 });
  if (c.path === '/api/v1/versions/latest') return json(200, { items: [] });
  if (c.path === '/api/v1/todo') return json(200, { client: { versions: { total: 0, items: [] }, resolved: { total: 0, items: [] }, questions: { total: 0, items: [] } } });
  if (c.path === '/api/v1/retours/summary') return json(200, { open: 0, new: 0, resolved: 0 });
  return undefined;
}

describe('« Premiers pas » on the dashboard', () => {
  it('points a client to the sections of the client guide, and once hidden stays hidden for that user only', async () => {
    signedInAs(marie, emptyClientDashboard);
    renderApp('/tableau-de-bord');
    const card = within(await screen.findByRole('region', { name: 'Premiers pas' }));
    const links = card.getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      '/aide/client#premiere-connexion',
      '/aide/client#projet',
      '/aide/client#livrables',
      '/aide/client#retours',
      '/aide/client#echanges',
      '/aide/client#calendrier',
    ]);
    expect(card.getByRole('link', { name: 'Signaler un problème : les retours' })).toBeInTheDocument();

    fireEvent.click(card.getByRole('button', { name: 'Masquer' }));
    expect(screen.queryByRole('region', { name: 'Premiers pas' })).toBeNull();
    expect(window.localStorage.getItem(firstStepsKey(marie.id))).toBe('1');

    // A later visit of the same person: still hidden.
    cleanup();
    signedInAs(marie, emptyClientDashboard);
    renderApp('/tableau-de-bord');
    await screen.findByRole('heading', { level: 1, name: 'Bonjour Marie Dupont' });
    expect(screen.queryByRole('region', { name: 'Premiers pas' })).toBeNull();

    // Another person on the same browser (a staff member) still gets it, with the staff's guide.
    cleanup();
    signedInAs(paul);
    renderApp('/tableau-de-bord');
    const staffCard = within(await screen.findByRole('region', { name: 'Premiers pas' }));
    expect(staffCard.getByRole('link', { name: 'Écrire une note interne' })).toHaveAttribute('href', '/aide/administrateur#notes-internes');
    expect(staffCard.getAllByRole('link').every((a) => a.getAttribute('href')!.startsWith('/aide/administrateur#'))).toBe(true);
  });
});
