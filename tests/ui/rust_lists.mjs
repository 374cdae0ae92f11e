// The closed sets as Rust has them (tests/view_samples.rs writes samples/lists.json, and fails
// when it is out of date), handed to the UI modules the way `app_info` hands them at start-up:
// the tests read no Rust source and keep no list of their own.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { setLanguages } from '../../ui/js/i18n.js';
import { setJourney } from '../../ui/js/journey.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** `{ journey, languages, findingCodes, severities, stepStates, timelineKinds, backupChoices }` */
export const lists = JSON.parse(fs.readFileSync(path.join(HERE, 'samples', 'lists.json'), 'utf8'));

setLanguages(lists.languages);
setJourney(lists.journey);
