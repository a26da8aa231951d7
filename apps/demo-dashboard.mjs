// Saves each page of the officers' dashboard as PNG (make demo without a
// display), the report pages and the office's public page among them:
// Debian's chromium under playwright-core, Thai and English, at an office
// PC's 1366x768 and a phone's 390x844.
//
//   node apps/demo-dashboard.mjs URL USER PASSWORD OUT
// (FANGSIANG_DASHBOARD_MODULES: the build tree's node_modules.)
import { join } from 'node:path';
import { launchChromium } from '../assets/dashboard/tools/chromium.mjs';

const [url, user, password, out] = process.argv.slice(2);
const sizes = [{ name: '1366x768', width: 1366, height: 768 }, { name: '390x844', width: 390, height: 844 }];

const browser = await launchChromium();
const { context, page } = browser;
const settle = async () => {
  await page.waitForLoadState('networkidle');
  // A page still saying it is loading is not the page (a report asks the hub for a few things).
  await page.waitForFunction(() => !/กำลังโหลด|Loading…/.test(document.body.innerText), null, { timeout: 10000 })
    .catch(() => {});
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(150);
};
const saved = [];
const save = async (name) => {
  const file = join(out, `hub-${name}.png`);
  await page.screenshot({ path: file });
  saved.push(file);
};

try {
  for (const lang of ['th', 'en']) {
    for (const size of sizes) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await context.clearCookies();
      await page.goto(`${url}/#/login`);
      await page.evaluate((l) => localStorage.setItem('fangsiang.lang', l), lang);
      await page.reload();
      await page.locator('form.login').waitFor();
      await settle();
      await save(`login-${lang}-${size.name}`);
      await page.fill('input[name=username]', user);
      await page.fill('input[name=password]', password);
      await page.click('button[type=submit]');
      await page.locator('.who .user').waitFor();
      const reports = ['satisfaction', 'complaints', 'talk', 'field', 'ranking', 'files'].map((r) => `reports/${r}`);
      for (const p of ['inbox', 'cases', 'devices', 'users', 'audit', ...reports]) {
        await page.evaluate((h) => { location.hash = h; }, `#/${p}`);
        await settle();
        await save(`${p.replace('/', '-')}-${lang}-${size.name}`);
      }
      // The newest case's page, when there is one.
      await page.evaluate(() => { location.hash = '#/cases'; });
      await settle();
      const first = page.locator('table.cases tbody a').first();
      if (await first.count()) {
        await first.click();
        await page.locator('article.case').waitFor();
        await settle();
        await save(`case-${lang}-${size.name}`);
      }
      // The office's public page, without the session.
      const office = await page.evaluate(async () => (await (await fetch('/api/v1/session')).json()).office);
      if (office) {
        await page.goto(`${url}/public/${office}${lang === 'en' ? '?lang=en' : ''}`);
        await settle();
        await save(`public-${lang}-${size.name}`);
      }
    }
  }
  console.log(`${saved.length} dashboard pages saved: ${out}/hub-*.png`);
} finally {
  await browser.close();
}
