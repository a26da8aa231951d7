// Debian's chromium under playwright-core, as the dashboard's tests, the
// demo's screenshots and the first-load figure drive it: headless, a fresh
// profile, nothing fetched from outside (no browser download, no component
// updates, no sync), the libraries from the build tree's node_modules
// (FANGSIANG_DASHBOARD_MODULES).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const kChromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function playwright(modules = process.env.FANGSIANG_DASHBOARD_MODULES) {
  if (!modules) throw new Error('set FANGSIANG_DASHBOARD_MODULES to the build tree\'s dashboard-npm/node_modules');
  return createRequire(join(resolve(modules), 'noop.js'))('playwright-core');
}

// {context, page, close()}: a browser with a profile of its own, removed at close.
export async function launchChromium({ executablePath = '/usr/bin/chromium', width = 1366, height = 768 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'fangsiang-chromium-'));
  const context = await playwright().chromium.launchPersistentContext(profile, {
    executablePath, headless: true, viewport: { width, height }, args: kChromiumArgs,
  });
  const page = context.pages()[0] || await context.newPage();
  return {
    context, page,
    async close() { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}
