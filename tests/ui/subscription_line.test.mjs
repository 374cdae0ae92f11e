// A subscription reads the same way the admin center says it, in the owner's language: no
// Graph status word ("Enabled", "Suspended") and no "1 licenses".
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { setLanguage } from '../../ui/js/i18n.js';
import { subscriptionLine } from '../../ui/js/pages/parts.js';

const UI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ui');
// Just enough of a page for i18n.js: it reads its texts with fetch and sets <html lang>.
globalThis.fetch = async (url) => ({ json: async () => JSON.parse(fs.readFileSync(path.join(UI, url), 'utf8')) });
globalThis.document = { documentElement: {}, querySelectorAll: () => [] };

const standard = { productName: 'Microsoft 365 Business Standard', skuPartNumber: 'O365_BUSINESS_PREMIUM', status: 'Enabled', isTrial: false, totalLicenses: 8 };

test('English: product name, licenses counted properly, the admin center\'s status word', async () => {
  await setLanguage('en');
  assert.equal(subscriptionLine(standard), 'Microsoft 365 Business Standard, 8 licenses, active');
  assert.equal(subscriptionLine({ ...standard, totalLicenses: 1, status: 'Suspended' }), 'Microsoft 365 Business Standard, 1 license, disabled');
  assert.equal(subscriptionLine({ ...standard, status: 'LockedOut', isTrial: true }), 'Microsoft 365 Business Standard (trial), 8 licenses, disabled');
  assert.equal(subscriptionLine({ ...standard, status: 'Warning', totalLicenses: 1200 }), 'Microsoft 365 Business Standard, 1,200 licenses, expired');
});

test('Italian: the same line in Italian, numbers formatted the Italian way', async () => {
  await setLanguage('it');
  assert.equal(subscriptionLine(standard), 'Microsoft 365 Business Standard, 8 licenze, attivo');
  assert.equal(subscriptionLine({ ...standard, totalLicenses: 1, status: 'Deleted' }), 'Microsoft 365 Business Standard, 1 licenza, eliminato');
  assert.equal(subscriptionLine({ ...standard, isTrial: true, totalLicenses: 1200 }), 'Microsoft 365 Business Standard (versione di valutazione), 1200 licenze, attivo');
});

test('an unknown product falls back to its part number, an unknown status to Graph\'s word', async () => {
  await setLanguage('en');
  assert.equal(subscriptionLine({ skuPartNumber: 'NEW_SKU', status: 'Frozen', totalLicenses: 2 }), 'NEW_SKU, 2 licenses, Frozen');
});
