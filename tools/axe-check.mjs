#!/usr/bin/env node
// Run axe-core (WCAG 2.1 A and AA rules) on HTML files in Debian's headless Chromium.
//
//   node tools/axe-check.mjs [--width 320] [--screenshot out.png] page.html...
//
// Prints one JSON object on stdout: {"<path as given>": [violation, ...], ...}, each violation
// being {id, impact, description, help, helpUrl, tags, nodes: [{target, html, failureSummary}]}.
// Besides axe's rules, a page that scrolls sideways at the viewport width (--width, default
// 1280 CSS pixels) gets a "reflow-horizontal-scroll" violation (WCAG 2.1 1.4.10) naming the
// elements that stick out.
// Exits 0 whether or not there are violations; non-zero only when the check itself failed
// (bad arguments, Chromium not starting, a page not loading). --screenshot saves a full-page PNG
// of the (single) page given. Nothing is fetched from the network: http(s) requests are aborted.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { WCAG_TAGS, axeSource, withChromium } from './chromium.mjs';

function parseArgs(argv) {
  const files = [];
  let screenshot = null;
  let width = 1280;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--screenshot') {
      screenshot = argv[i + 1];
      i += 1;
    } else if (argv[i] === '--width') {
      width = Number(argv[i + 1]);
      i += 1;
    } else {
      files.push(argv[i]);
    }
  }
  if (
    files.length === 0 ||
    !(width >= 100) ||
    (screenshot !== null && (!screenshot || files.length !== 1))
  ) {
    throw new Error('usage: axe-check.mjs [--width 320] [--screenshot out.png] page.html...');
  }
  return { files, screenshot, width };
}

// The page's horizontal overflow, or null: what WCAG 2.1 1.4.10 (reflow) forbids at 320 px.
function overflow() {
  const root = document.scrollingElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [...document.body.querySelectorAll('*')]
    .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5)
    .slice(-5)
    .map((e) => e.outerHTML.slice(0, 160));
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
}

function reflowViolation(found) {
  return {
    id: 'reflow-horizontal-scroll',
    impact: 'serious',
    description: `The page scrolls sideways: ${found.scrollWidth} px of content in a ${found.clientWidth} px viewport`,
    help: 'Content must reflow without scrolling in two dimensions (WCAG 2.1 1.4.10)',
    helpUrl: 'https://www.w3.org/WAI/WCAG21/Understanding/reflow.html',
    tags: ['wcag21aa', 'wcag1410'],
    nodes: found.wide.map((html) => ({ target: [], html, failureSummary: 'extends past the viewport' })),
  };
}

function summarize(violation) {
  return {
    id: violation.id,
    impact: violation.impact,
    description: violation.description,
    help: violation.help,
    helpUrl: violation.helpUrl,
    tags: violation.tags,
    nodes: violation.nodes.map((n) => ({
      target: n.target,
      html: n.html,
      failureSummary: n.failureSummary,
    })),
  };
}

async function checkPage(context, source, file, screenshot) {
  const page = await context.newPage();
  try {
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load' });
    await page.addScriptTag({ content: source });
    const results = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
      WCAG_TAGS,
    );
    if (screenshot) {
      await page.screenshot({ path: screenshot, fullPage: true });
    }
    const found = await page.evaluate(overflow);
    return [...results.violations.map(summarize), ...(found ? [reflowViolation(found)] : [])];
  } finally {
    await page.close();
  }
}

async function main() {
  const { files, screenshot, width } = parseArgs(process.argv.slice(2));
  const source = axeSource();
  const options = { viewport: { width, height: 900 }, offline: true };
  await withChromium('axe-check', options, async (context) => {
    await context.route(/^(https?|wss?|ftp):/, (route) => route.abort());
    const report = {};
    for (const file of files) {
      report[file] = await checkPage(context, source, file, screenshot);
    }
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  });
}

main().catch((err) => {
  process.stderr.write(`axe-check: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
