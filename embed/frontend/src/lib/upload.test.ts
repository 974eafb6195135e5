import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, setCsrfToken } from '../api.ts';
import { deliverable } from '../test/projects.ts';
import { FakeXHR, installFakeXHR } from '../test/xhr.ts';
import { isAborted, newDeliverablePath, newVersionPath, uploadFile, type UploadProgress } from './upload.ts';

const MB = 1024 * 1024;

function file(name = 'Compte rendu é.pdf', size = 40 * MB) {
  const f = new File(['x'], name, { type: 'application/pdf' });
  Object.defineProperty(f, 'size', { value: size });
  return f;
}

describe('uploads (raw body through XMLHttpRequest)', () => {
  beforeEach(() => {
    installFakeXHR();
    setCsrfToken('tok-csrf');
  });

  it('sends the raw file with its encoded name, the CSRF token and the octet-stream type', async () => {
    const f = file();
    const h = uploadFile('/admin/projects/42/deliverables?title=Rapport', f, () => {});
    const xhr = FakeXHR.last!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/v1/admin/projects/42/deliverables?title=Rapport');
    expect(xhr.headers['content-type']).toBe('application/octet-stream');
    expect(xhr.headers['x-file-name']).toBe('Compte%20rendu%20%C3%A9.pdf');
    expect(xhr.headers['x-csrf-token']).toBe('tok-csrf');
    expect(xhr.body).toBe(f);
    xhr.respond(201, deliverable());
    await expect(h.done).resolves.toMatchObject({ id: 300, title: 'Maquettes graphiques' });
  });

  it('reports the bytes, the percentage and the time left from the average speed', async () => {
    let now = 0;
    const seen: UploadProgress[] = [];
    const h = uploadFile(
      '/x',
      file(),
      (p) => seen.push(p),
      () => now,
    );
    const xhr = FakeXHR.last!;
    now = 100;
    xhr.progress(1 * MB, 40 * MB); // too early to estimate
    now = 2000;
    xhr.progress(12.5 * MB, 40 * MB); // 12,5 Mo in 2 s: 27,5 Mo left ≈ 4,4 s
    now = 5000;
    xhr.progress(40 * MB, 40 * MB);
    expect(seen.map((p) => p.percent)).toEqual([2, 31, 100]);
    expect(seen[0].remainingSeconds).toBeNull();
    expect(seen[1].remainingSeconds).toBeCloseTo(4.4, 1);
    expect(seen[1]).toMatchObject({ loaded: 12.5 * MB, total: 40 * MB });
    expect(seen[2].remainingSeconds).toBe(0);
    xhr.respond(201, deliverable());
    await h.done;
  });

  it("rejects with the API's French message and field (413, 422, 507)", async () => {
    const h = uploadFile('/x', file(), () => {});
    const message = 'Erreur de téléversement : le fichier dépasse la taille maximale (2\u00a0Go).';
    FakeXHR.last!.respond(413, { error: { code: 'file_too_large', message: 'du serveur', params: { max_bytes: 2 ** 31 }, field: 'file', request_id: 'r1' } });
    const error = await h.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 413, code: 'file_too_large', message, field: 'file' });
  });

  it('explains an answer that is not the API (a proxy page) and a cut connection, in French', async () => {
    const a = uploadFile('/x', file(), () => {});
    FakeXHR.last!.respond(413, '<html>Request Entity Too Large</html>');
    await expect(a.done).rejects.toMatchObject({ message: expect.stringMatching(/^Erreur de téléversement\s:\sle fichier dépasse/) });
    const b = uploadFile('/x', file(), () => {});
    FakeXHR.last!.fail();
    await expect(b.done).rejects.toMatchObject({ code: 'network_error', message: expect.stringMatching(/^Erreur de téléversement\s:\sla connexion/) });
  });

  it('can be cancelled', async () => {
    const h = uploadFile('/x', file(), () => {});
    h.abort();
    const error = await h.done.catch((e: unknown) => e);
    expect(FakeXHR.last!.aborted).toBe(true);
    expect(isAborted(error)).toBe(true);
  });

  it('puts the title, the step and the note in the query string, encoded', () => {
    expect(newDeliverablePath(42, { title: 'Plan & budget', note: 'Note : v1', milestoneId: 7 })).toBe('/admin/projects/42/deliverables?title=Plan+%26+budget&note=Note+%3A+v1&milestone_id=7');
    expect(newDeliverablePath(42, { title: '', note: '', milestoneId: null })).toBe('/admin/projects/42/deliverables');
    expect(newVersionPath(300, 'corrigé')).toBe('/admin/deliverables/300/versions?note=corrig%C3%A9');
    expect(newVersionPath(300, '')).toBe('/admin/deliverables/300/versions');
  });
});
