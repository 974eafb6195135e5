import { describe, expect, it } from 'vitest';
import { invalidateLive } from './live.tsx';
import { createQueryClient, mutationKeys, queryKeys } from './queries.ts';

// Which cached queries each live event marks stale (those on screen then load again).
function cacheWithEverything() {
  const client = createQueryClient();
  const keys = {
    project42: queryKeys.project(42),
    deliverables42: queryKeys.deliverables(42),
    project43: queryKeys.project(43),
    messages42: queryKeys.messages(42),
    messages43: queryKeys.messages(43),
    projectList: queryKeys.projectList({ page: 1 }),
    overview: queryKeys.overview,
    exchanges: queryKeys.exchanges({ q: 'x' }),
    clients: queryKeys.clientList({ page: 1 }),
    retours42: queryKeys.retourList(42, { status: 'ouvert' }),
    allRetours: queryKeys.retourList('all', { page: 2 }),
    todo: [...queryKeys.todo, 'client'],
  };
  for (const key of Object.values(keys)) client.setQueryData(key, { items: [] });
  const stale = () =>
    Object.entries(keys)
      .filter(([, key]) => client.getQueryState(key)?.isInvalidated)
      .map(([name]) => name)
      .sort();
  return { client, stale };
}

describe('invalidateLive', () => {
  it('a project event: that project (and its deliverables), the lists (a change request opens a retour), « À traiter » and the overview — not its conversation', () => {
    const { client, stale } = cacheWithEverything();
    invalidateLive(client, { type: 'project', data: { project_id: 42 } });
    expect(stale()).toEqual(['allRetours', 'deliverables42', 'overview', 'project42', 'projectList', 'retours42', 'todo']);
  });

  it('a message event: that conversation, the lists (unread counts) and the exchanges', () => {
    const { client, stale } = cacheWithEverything();
    invalidateLive(client, { type: 'message', data: { project_id: 42, message_id: 9 } });
    expect(stale()).toEqual(['exchanges', 'messages42', 'projectList']);
  });

  it('a message event leaves a conversation alone while its own post is on its way', async () => {
    const { client, stale } = cacheWithEverything();
    let finish!: () => void;
    const answer = new Promise<void>((r) => (finish = r));
    const posting = client
      .getMutationCache()
      .build(client, { mutationKey: mutationKeys.postMessage(42), mutationFn: () => answer })
      .execute(undefined);
    expect(client.isMutating({ mutationKey: mutationKeys.postMessage(42) })).toBe(1);
    invalidateLive(client, { type: 'message', data: { project_id: 42, message_id: 9 } });
    expect(stale()).toEqual(['exchanges', 'projectList']);
    finish();
    await posting;
  });

  it("a message of a retour's thread: also the retours' lists (unread counts) and « À traiter »", () => {
    const { client, stale } = cacheWithEverything();
    invalidateLive(client, { type: 'message', data: { project_id: 42, message_id: 9, retour_id: 7 } });
    expect(stale()).toEqual(['allRetours', 'exchanges', 'messages42', 'projectList', 'retours42', 'todo']);
  });

  it('a retour event: the retours’ lists, its project (counters) and « À traiter » — not the conversation', () => {
    const { client, stale } = cacheWithEverything();
    invalidateLive(client, { type: 'retour', data: { project_id: 42, retour_id: 7 } });
    expect(stale()).toEqual(['allRetours', 'deliverables42', 'project42', 'retours42', 'todo']);
  });

  it('a resync (the stream came back): everything', () => {
    const { client, stale } = cacheWithEverything();
    invalidateLive(client, { type: 'resync', data: {} });
    expect(stale()).toHaveLength(12);
  });
});
