// Debian's headless Chromium as every browser check of the repository starts it (axe-check.mjs,
// browser-driver.mjs): a fresh profile, removed afterwards, and none of Chromium's own network
// services (updates, sync, background requests).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// The axe-core rules the checks run: WCAG 2.1, levels A and AA.
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// The source of axe-core, to evaluate in a page.
export function axeSource() {
  return readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

// Start Chromium with `options` (viewport, offline...), give its context to `use`, and close it
// and remove its profile whatever happens; `name` prefixes the profile's temporary folder.
export async function withChromium(name, options, use) {
  const profile = mkdtempSync(join(tmpdir(), `${name}-`));
  let context = null;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      ...options,
    });
    return await use(context);
  } finally {
    if (context) await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
