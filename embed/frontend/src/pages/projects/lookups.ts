import { adminApi, type Client, type User } from '../../api.ts';

const PER_PAGE = 100;
const MAX_PAGES = 50;

/** Every active client company, by name (for the selects of the admin's filters and forms). */
export async function loadAllClients(): Promise<Client[]> {
  const all: Client[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await adminApi.clients({ archived: false, page, per_page: PER_PAGE });
    all.push(...res.items);
    if (res.items.length === 0 || all.length >= res.total) break;
  }
  return all;
}

/** The staff who can be in charge of a project (active admins). */
export async function loadStaff(): Promise<User[]> {
  const all: User[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await adminApi.users({ role: 'admin', page, per_page: PER_PAGE });
    all.push(...res.items.filter((u) => !u.disabled));
    if (res.items.length === 0 || page * PER_PAGE >= res.total) break;
  }
  return all;
}
