import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { AttachButton, AttachmentLinks, PendingFileList, usePendingFiles } from './Attachments.tsx';
import { FakeXHR, installFakeXHR } from '../test/xhr.ts';
import { fr } from '../test/utils.tsx';

// The composer of the conversation, a retour's thread and « Ouvrir un retour » share these.
function Composer() {
  const pending = usePendingFiles(42);
  return (
    <>
      <PendingFileList pending={pending} />
      <AttachButton pending={pending} />
      <output data-testid="state">{`${pending.uploading ? 'envoi' : 'prêt'} ${pending.ready.map((f) => f.attachment!.id).join(',')}`}</output>
      <button
        type="button"
        onClick={() => {
          const taken = pending.files;
          pending.clear();
          pending.restore(taken);
        }}
      >
        vider et remettre
      </button>
    </>
  );
}

const file = (name: string, size = 2048) => new File(['x'.repeat(size)], name, { type: 'application/pdf' });
const attachment = (id: number, name: string) => ({ id, file_name: name, size: 2048, content_type: 'application/pdf', sha256: 'x', created_at: '2026-12-01T10:00:00Z' });

describe('pending files (usePendingFiles, PendingFileList, AttachButton)', () => {
  beforeEach(() => installFakeXHR());

  it('uploads each chosen file to the project at once, with its progress, « prêt » or its error, and ready ids only', async () => {
    const user = userEvent.setup();
    render(<Composer />);
    await user.upload(screen.getByLabelText('Joindre des fichiers'), [file('devis.pdf'), file('photo.png')]);
    expect(FakeXHR.all.map((x) => `${x.method} ${x.url}`)).toEqual(['POST /api/v1/projects/42/attachments', 'POST /api/v1/projects/42/attachments']);
    const list = within(screen.getByRole('list', { name: 'Fichiers joints à ce message' }));
    expect(list.getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByTestId('state')).toHaveTextContent(/^envoi$/);

    act(() => FakeXHR.all[0].progress(1024, 2048));
    expect(list.getByRole('progressbar', { name: /devis\.pdf/ })).toHaveAttribute('aria-valuenow', '50');
    act(() => FakeXHR.all[0].respond(201, attachment(9, 'devis.pdf')));
    act(() => FakeXHR.all[1].respond(415, { error: { code: 'upload_denied_type', message: 'Type de fichier refusé.', params: {}, request_id: 'r' } }));
    expect(await list.findByText('Prêt à envoyer')).toBeInTheDocument();
    expect(await list.findByRole('alert')).toHaveTextContent('Type de fichier refusé.');
    // An error is not an upload in progress: what is ready can go.
    expect(screen.getByTestId('state')).toHaveTextContent('prêt 9');
  });

  it('removing a file still uploading aborts its upload; a refused message gets its files back', async () => {
    const user = userEvent.setup();
    render(<Composer />);
    await user.upload(screen.getByLabelText('Joindre des fichiers'), [file('a.pdf'), file('b.pdf')]);
    act(() => FakeXHR.all[1].respond(201, attachment(11, 'b.pdf')));
    expect(await screen.findByText('Prêt à envoyer')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: fr('Retirer « a.pdf »') }));
    expect(FakeXHR.all[0].aborted).toBe(true);
    expect(FakeXHR.all[1].aborted).toBe(false);
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'vider et remettre' }));
    expect(screen.getByTestId('state')).toHaveTextContent('prêt 11');
  });
});

describe('AttachmentLinks', () => {
  it('lists each file as a download link with its size, and nothing without files', () => {
    const { rerender } = render(<AttachmentLinks attachments={[attachment(9, 'devis.pdf')]} label="Fichiers joints" />);
    const link = within(screen.getByRole('list', { name: 'Fichiers joints' })).getByRole('link', { name: /devis\.pdf/ });
    expect(link).toHaveAttribute('href', '/api/v1/attachments/9/download');
    expect(link).toHaveAttribute('download', 'devis.pdf');
    expect(link).toHaveTextContent('(2 Ko)');
    rerender(<AttachmentLinks attachments={null} label="Fichiers joints" />);
    expect(screen.queryByRole('list')).toBeNull();
  });
});
