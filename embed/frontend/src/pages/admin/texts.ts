// The texts only the staff's pages use (users, clients, statistics, jobs, exchanges), in both
// languages: a file of their own, loaded with those pages, so that a client's dashboard does not
// download them (it stays under its 150 KB budget). Every module of pages/admin that uses one of
// these keys imports this one (i18n.test.ts checks it).
import { addTexts } from '../../i18n/index.ts';
import fr from '../../i18n/fr.admin.json';
import en from '../../i18n/en.admin.json';

addTexts('fr', fr);
addTexts('en', en);
