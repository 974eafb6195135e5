// Brand settings, in one place. The company name and the logo are settings, not code:
// for now they live here; later they may come from the server's configuration.
export const BRAND = {
  companyName: 'BIGDATA CENTER',
  // File in public/ (served at the site root).
  logoUrl: '/logo.svg',
  // Primary colour (also in src/index.css as --color-brand-700).
  themeColor: '#8B1A1A',
} as const;

// Where a signed-in user lands by default.
export const HOME_PATH = '/tableau-de-bord';
export const SIGN_IN_PATH = '/connexion';
export const FORGOT_PASSWORD_PATH = '/mot-de-passe-oublie';
// Query parameter that keeps the page wanted before sign-in.
export const RETURN_PARAM = 'retour';
// localStorage key of the chosen interface language.
export const LANGUAGE_STORAGE_KEY = 'portail.langue';
