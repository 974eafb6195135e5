// The texts only these pages use (tasks, projectForm, history), in both languages: a file of their own,
// loaded with the pages, so that the dashboard does not download them (its 150 KB budget). Every
// module that uses one of these keys imports this one (i18n.test.ts checks it).
import { addTexts } from '../../i18n/index.ts';
import fr from '../../i18n/fr.projects.json';
import en from '../../i18n/en.projects.json';

addTexts('fr', fr);
addTexts('en', en);
