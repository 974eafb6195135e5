// The texts only these pages use (account, prefs), in both languages: a file of their own,
// loaded with the pages, so that the dashboard does not download them (its 150 KB budget). Every
// module that uses one of these keys imports this one (i18n.test.ts checks it).
import { addTexts } from '../../i18n/index.ts';
import fr from '../../i18n/fr.account.json';
import en from '../../i18n/en.account.json';

addTexts('fr', fr);
addTexts('en', en);
