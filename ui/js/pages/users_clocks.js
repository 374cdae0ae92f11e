// Step 1's clocks: what each deletion starts. The OneDrive's retention (30 days by default,
// then the site recycle bin) and the mailbox out of reach at once; the last day per person is
// on Your organization's plan (the core's timeline). Sources: ui/i18n/sources.json.

import { h } from '../dom.js';
import { t } from '../i18n.js';

/** The section for step 1's page; other steps start no clock of this kind. */
export function deletionStarts(step) {
  if (step !== 'users') return null;
  return h('section', { 'aria-labelledby': 'starts', id: 'users-starts' },
    h('h2', { id: 'starts' }, t('steppage.users.starts.title')),
    h('ul', {},
      h('li', {}, t('steppage.users.starts.onedrive')),
      h('li', {}, t('steppage.users.starts.mailbox'))));
}
