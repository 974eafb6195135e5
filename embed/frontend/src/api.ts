// The API of the portal, one module per domain under api/; pages import from here.
export * from './api/http.ts';
export * from './api/accounts.ts';
export * from './api/projects.ts';
export * from './api/exchanges.ts';
export * from './api/retours.ts';
