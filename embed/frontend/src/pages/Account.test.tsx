import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, json, marie, noContent, renderApp, signedInAs, fr } from '../test/utils.tsx';

const QR = 'data:image/png;base64,iVBORw0KGgo=';
const CODES = ['k3f9-x2m4', 'a2b3-c4d5', 'e6f7-g8h9', 'j2k3-m4n5', 'p6q7-r8s9', 't2u3-v4w5', 'x6y7-z8a9', 'b2c3-d4e5', 'f6g7-h8j9', 'k2m3-n4p5'];

async function openAccount(handler: Parameters<typeof signedInAs>[1], user = marie) {
  const calls = signedInAs(user, handler);
  renderApp('/mon-compte');
  expect(await screen.findByRole('heading', { level: 1, name: 'Mon compte' })).toBeInTheDocument();
  return calls;
}

const section = (name: string) => screen.getByRole('region', { name });

describe('account page (/mon-compte)', () => {
  it('saves the name and the language, switches the interface and confirms', async () => {
    const calls = await openAccount((c) => (c.method === 'PATCH' ? json(200, { ...marie, name: 'Marie D.', language: 'en' }) : undefined));
    const user = userEvent.setup();
    const profile = section('Profil');
    const name = within(profile).getByLabelText(/^Nom affiché/);
    await user.clear(name);
    await user.type(name, 'Marie D.');
    await user.selectOptions(within(profile).getByLabelText('Langue'), 'en');
    await user.click(within(profile).getByRole('button', { name: 'Enregistrer le profil' }));
    expect(await screen.findByText('Profile saved.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PATCH')).toMatchObject({ path: '/api/v1/account', body: { name: 'Marie D.', language: 'en' } });
    expect(screen.getByRole('heading', { level: 1, name: 'My account' })).toBeInTheDocument();
    expect(window.localStorage.getItem('portail.langue')).toBe('en');
  });

  it('changes the password; a wrong current password shows next to its field', async () => {
    let attempt = 0;
    const calls = await openAccount((c) => {
      if (c.path !== '/api/v1/account/password') return undefined;
      attempt += 1;
      return attempt === 1 ? apiError(422, 'wrong_password', 'Mot de passe actuel incorrect.', 'r', 'current_password') : noContent();
    });
    const user = userEvent.setup();
    const form = section('Mot de passe');
    await user.type(within(form).getByLabelText('Mot de passe actuel'), 'mauvais');
    await user.type(within(form).getByLabelText('Nouveau mot de passe'), 'un-nouveau-secret');
    await user.type(within(form).getByLabelText('Confirmez le nouveau mot de passe'), 'un-nouveau-secret');
    await user.click(within(form).getByRole('button', { name: 'Changer le mot de passe' }));
    expect(await within(form).findByText('Mot de passe actuel incorrect.')).toBeInTheDocument();
    expect(within(form).getByLabelText('Mot de passe actuel')).toHaveAttribute('aria-invalid', 'true');

    await user.clear(within(form).getByLabelText('Mot de passe actuel'));
    await user.type(within(form).getByLabelText('Mot de passe actuel'), 'le-bon');
    await user.click(within(form).getByRole('button', { name: 'Changer le mot de passe' }));
    expect(await screen.findByText(/Mot de passe modifié/)).toBeInTheDocument();
    expect(calls.filter((c) => c.path === '/api/v1/account/password').at(-1)).toMatchObject({
      headers: { 'x-csrf-token': 'tok' },
      body: { current_password: 'le-bon', new_password: 'un-nouveau-secret' },
    });
    expect(within(form).getByLabelText('Nouveau mot de passe')).toHaveValue('');
  });

  it('turns on two-step verification: QR code, key in groups, code, then the 10 recovery codes once', async () => {
    const calls = await openAccount((c) => {
      if (c.path === '/api/v1/account/totp/setup') return json(200, { secret: 'JBSWY3DPEHPK3PXPJBSW', uri: 'otpauth://totp/x', qr_code: QR });
      if (c.path === '/api/v1/account/totp/enable') {
        return (c.body as { code: string }).code === '123456'
          ? json(200, { recovery_codes: CODES })
          : apiError(422, 'totp_code_incorrect', "Code incorrect : vérifiez l'heure de votre téléphone et saisissez le code affiché.", 'r', 'code');
      }
      return undefined;
    });
    const user = userEvent.setup();
    const tfa = section('Double authentification');
    expect(within(tfa).getByText('Désactivée')).toBeInTheDocument();
    await user.click(within(tfa).getByRole('button', { name: 'Activer la double authentification' }));

    const img = await within(tfa).findByRole('img', { name: "QR code à scanner avec votre application d'authentification" });
    expect(img).toHaveAttribute('src', QR);
    expect(within(tfa).getByText('JBSW Y3DP EHPK 3PXP JBSW')).toBeInTheDocument();

    await user.type(within(tfa).getByLabelText('Code de vérification'), '654321');
    await user.click(within(tfa).getByRole('button', { name: 'Activer' }));
    expect(await within(tfa).findByText(/Code incorrect/)).toBeInTheDocument();

    await user.clear(within(tfa).getByLabelText('Code de vérification'));
    await user.type(within(tfa).getByLabelText('Code de vérification'), '123456');
    await user.click(within(tfa).getByRole('button', { name: 'Activer' }));
    const list = await within(tfa).findByRole('list', { name: 'Codes de secours' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(CODES);
    expect(within(tfa).getByText('Activée')).toBeInTheDocument();
    for (const name of ['Copier', 'Imprimer', 'Télécharger (.txt)']) expect(within(tfa).getByRole('button', { name })).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/account/totp/enable')?.headers['x-csrf-token']).toBe('tok');

    await user.click(within(tfa).getByRole('button', { name: "J'ai conservé mes codes" }));
    expect(within(tfa).queryByRole('list', { name: 'Codes de secours' })).not.toBeInTheDocument();
    expect(within(tfa).getByRole('button', { name: 'Désactiver la double authentification' })).toBeInTheDocument();
  });

  it('turns it off after asking for the password', async () => {
    const calls = await openAccount((c) => (c.path === '/api/v1/account/totp/disable' ? noContent() : undefined), { ...marie, totp_enabled: true });
    const user = userEvent.setup();
    await user.click(within(section('Double authentification')).getByRole('button', { name: 'Désactiver la double authentification' }));
    const dialog = screen.getByRole('dialog', { name: fr('Désactiver la double authentification ?') });
    await user.type(within(dialog).getByLabelText('Votre mot de passe'), 'secret-de-marie');
    await user.click(within(dialog).getByRole('button', { name: 'Désactiver' }));
    expect(await screen.findByText('Double authentification désactivée.')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/account/totp/disable')?.body).toEqual({ password: 'secret-de-marie' });
    await waitFor(() => expect(within(section('Double authentification')).getByText('Désactivée')).toBeInTheDocument());
  });

  it('« Me déconnecter de tous les appareils » asks first, then ends every session', async () => {
    const calls = await openAccount((c) => (c.path === '/api/v1/auth/logout-all' ? noContent() : undefined));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Me déconnecter de tous les appareils' }));
    const dialog = screen.getByRole('dialog', { name: fr('Vous déconnecter de tous les appareils ?') });
    expect(dialog).toHaveTextContent(/y compris sur cet appareil/);
    expect(calls.filter((c) => c.path === '/api/v1/auth/logout-all')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Tout déconnecter' }));
    expect(await screen.findByRole('button', { name: 'Se connecter' })).toBeInTheDocument();
    expect(screen.getByText('Vous avez été déconnecté de tous vos appareils.')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/auth/logout-all')).toMatchObject({ method: 'POST', headers: { 'x-csrf-token': 'tok' } });
  });
});
