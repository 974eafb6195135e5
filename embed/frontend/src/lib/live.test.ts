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
  it('a project event: that project (and its deliverables), the lists and the overview — not its conversation', () => {
    const { client, stale } = cacheWithEverything();
    invalidateLive(client, { type: 'project', data: { project_id: 42 } });
    expect(stale()).toEqual(['deliverables42', 'overview', 'project42', 'projectList']);
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

  it('a resync (the stream came back): everything', () => {
    const { client, stale } = cacheWithEverything();
    invalidateLive(client, { type: 'resync', data: {} });
    expect(stale()).toHaveLength(9);
  });
});
