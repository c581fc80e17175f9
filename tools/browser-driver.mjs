#!/usr/bin/env node
// Drive Debian's headless Chromium for the preview tests, one JSON command per line.
//
//   node tools/browser-driver.mjs http://127.0.0.1:PORT
//
// Reads commands on stdin, answers each with one JSON line on stdout: {"ok": true, ...} or
// {"ok": false, "error": "..."}. Of the network, only the origin given is reachable: every
// other http(s), ws(s) or ftp request is aborted (Chromium's own viewers still load).
// Commands ("frame" is an optional CSS selector of an iframe to look inside):
//   {"op": "goto", "url"}                          load a page (waits for "load")
//   {"op": "text", "selector", "frame"}             textContent of the first match, or null
//   {"op": "wait", "selector", "frame", "contains", "absent", "timeout"}
//        wait until the first match's text contains "contains" (or, with absent, does not;
//        a missing element counts as not containing it); "timeout" in milliseconds
//   {"op": "attr", "selector", "name", "frame"}     an attribute of the first match, or null
//   {"op": "click", "selector"}                     click (and wait for any navigation)
//   {"op": "eval", "expression"}                    the JSON value of an expression in the page
//   {"op": "scroll", "frame", "id"}                 scroll a frame so the element "id" is on top
//   {"op": "viewport", "width", "height"}
//   {"op": "axe"}                                   axe-core WCAG 2.1 A/AA violations, frames included
//   {"op": "screenshot", "path"}
//   {"op": "errors"}                                console errors and page errors seen so far
//   {"op": "close"}
import { createInterface } from 'node:readline';

import { WCAG_TAGS, axeSource, withChromium } from './chromium.mjs';

const POLL_MS = 25;

const origin = process.argv[2] ? new URL(process.argv[2]).origin : null;
if (!origin) {
  process.stderr.write('usage: browser-driver.mjs http://127.0.0.1:PORT\n');
  process.exit(2);
}

function scope(page, frame) {
  return frame ? page.frameLocator(frame) : page;
}

async function textOf(page, frame, selector) {
  const found = scope(page, frame).locator(selector).first();
  if ((await found.count()) === 0) return null;
  return found.textContent({ timeout: 1000 });
}

async function wait(page, cmd) {
  const deadline = Date.now() + (cmd.timeout ?? 5000);
  let text = null;
  for (;;) {
    try {
      text = await textOf(page, cmd.frame, cmd.selector);
    } catch {
      text = null; // a frame being replaced: try again
    }
    const contains = text !== null && text.includes(cmd.contains ?? '');
    if (cmd.absent ? !contains : contains) return { text };
    if (Date.now() > deadline) {
      const want = cmd.absent ? 'not to contain' : 'to contain';
      throw new Error(`timed out: ${cmd.frame ?? ''} ${cmd.selector} ${want} ${JSON.stringify(cmd.contains)}; last text: ${JSON.stringify(text)}`);
    }
    await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
  }
}

async function axe(page) {
  const source = axeSource();
  // Evaluated through the DevTools protocol: the preview's Content-Security-Policy, which
  // allows no inline script, stays in force for everything else.
  for (const frame of page.frames()) {
    await frame.evaluate(source);
  }
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, iframes: true }),
    WCAG_TAGS,
  );
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })),
  }));
}

async function run(page, errors, cmd) {
  switch (cmd.op) {
    case 'goto': await page.goto(cmd.url, { waitUntil: 'load' }); return {};
    case 'text': return { text: await textOf(page, cmd.frame, cmd.selector) };
    case 'wait': return wait(page, cmd);
    case 'attr': {
      const found = scope(page, cmd.frame).locator(cmd.selector).first();
      return { value: (await found.count()) ? await found.getAttribute(cmd.name) : null };
    }
    case 'click': await page.locator(cmd.selector).first().click(); await page.waitForLoadState('load'); return {};
    case 'eval': return { value: await page.evaluate(cmd.expression) };
    case 'scroll': {
      const frame = page.frameLocator(cmd.frame);
      await frame.locator(`[id="${cmd.id}"]`).evaluate((el) => { el.ownerDocument.defaultView.scrollTo(0, el.getBoundingClientRect().top + el.ownerDocument.defaultView.scrollY); });
      return {};
    }
    case 'viewport': await page.setViewportSize({ width: cmd.width, height: cmd.height }); return {};
    case 'axe': return { violations: await axe(page) };
    case 'screenshot': await page.screenshot({ path: cmd.path }); return {};
    case 'errors': return { errors };
    default: throw new Error(`unknown op ${cmd.op}`);
  }
}

async function main() {
  const reply = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
  await withChromium('browser-driver', { viewport: { width: 1400, height: 900 } }, async (context) => {
    const foreign = (url) => /^(https?|wss?|ftp):$/.test(url.protocol) && url.origin !== origin;
    await context.route(foreign, (route) => route.abort());
    const page = context.pages()[0] || await context.newPage();
    const errors = [];
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    page.on('pageerror', (err) => errors.push(String(err)));
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) {
      if (!line.trim()) continue;
      let cmd;
      try {
        cmd = JSON.parse(line);
        if (cmd.op === 'close') { reply({ ok: true }); break; }
        reply({ ok: true, ...(await run(page, errors, cmd)) });
      } catch (err) {
        reply({ ok: false, error: String(err && err.message ? err.message : err) });
      }
    }
  });
}

main().catch((err) => {
  process.stderr.write(`browser-driver: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
