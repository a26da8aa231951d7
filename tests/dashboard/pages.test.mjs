// The admin's pages in a real browser: the users page adds an account, the
// audit log shows what was done, Thai and English switch at one click and
// the choice stays, and text from the API is shown as text: markup in a
// name runs nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hubCommand, kOffice, openBrowser, shot, signIn, startHub } from './support.mjs';

const kHostile = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';
let hub;
let browser;

async function addUser(page, username, name, role, unit) {
  await page.fill('.add-user input[name=username]', username);
  await page.fill('.add-user input[name=displayName]', name);
  await page.selectOption('.add-user select[name=role]', role);
  if (unit) await page.selectOption('.add-user select[name=unit]', unit);
  await page.click('.add-user button[type=submit]');
}
before(async () => {
  // Three complaints from one device, the second never sent: a gap.
  const complaint = (text) => ({ category: 'roads-lights', text });
  hub = await startHub({
    accounts: [['mallory', kHostile, 'viewer', []]],
    complaints: [complaint('ท่อระบายน้ำอุดตัน'), complaint('ไม่ถึงศูนย์'), complaint('หลุมบนถนน')],
    leaveOut: 1,
  });
  browser = await openBrowser();
  await signIn(browser.page, hub.url, 'somchai');
  await browser.page.locator('.who .user').waitFor();
});
after(async () => {
  await browser?.close();
  await hub?.remove();
});

test('markup in a display name shows as text and runs nothing', async () => {
  const { page } = browser;
  await page.click('nav.nav a[href="#/users"]');
  const row = page.locator('tr', { hasText: 'mallory' });
  await row.waitFor();
  assert.equal((await row.locator('td').nth(1).textContent()), kHostile);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator('.users img[src=x]').count(), 0);
  assert.equal(await page.locator('.users script').count(), 0);
  await shot(page, 'pages-users-hostile-name');
});

test('the users page adds an account and shows the password the hub made, once', async () => {
  const { page } = browser;
  await addUser(page, 'prasit', 'ประสิทธิ์ ขยัน', 'officer', 'works');
  await page.locator('tr', { hasText: 'prasit' }).waitFor();
  const password = await page.locator('.notice code.password').textContent();
  assert.match(password, /^[a-z0-9-]{20,}$/);
  const list = hubCommand(hub.dir, ['user', 'list', '--office', kOffice]);
  assert.match(list, /prasit/);
  await shot(page, 'pages-users-added');
});

test('a refused account shows the reason and adds nothing', async () => {
  const { page } = browser;
  await addUser(page, 'prasit', 'อีกคน', 'viewer');
  const error = page.locator('.add-user .error');
  await error.waitFor();
  assert.match(await error.textContent(), /มีรายการนี้อยู่แล้ว/);
});

test('the audit page shows the sign-in and the new account', async () => {
  const { page } = browser;
  await page.click('nav.nav a[href="#/audit"]');
  await page.locator('.audit-table tbody tr').first().waitFor();
  const actions = await page.locator('.audit-table td.action').allTextContents();
  assert.ok(actions.includes('user-add'), actions.join(','));
  assert.ok(actions.includes('login'), actions.join(','));
  const added = page.locator('.audit-table tr', { hasText: 'prasit' }).first();
  assert.match(await added.textContent(), /somchai/);
  await shot(page, 'pages-audit');
});

test('English at one click, kept after a reload, and Thai again', async () => {
  const { page } = browser;
  await page.click('button.lang');
  await page.locator('nav.nav a[href="#/users"]', { hasText: 'Users' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.reload();
  await page.locator('nav.nav a[href="#/users"]', { hasText: 'Users' }).waitFor();
  await shot(page, 'pages-audit-en');
  await page.click('button.lang');
  await page.locator('nav.nav a[href="#/users"]', { hasText: 'ผู้ใช้งาน' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'th');
});

test('the devices page shows each device\'s last contact, records held and its gap', async () => {
  const { page } = browser;
  await page.click('nav.nav a[href="#/devices"]');
  const device = page.locator('section.device').first();
  await device.waitFor();
  const text = await device.textContent();
  assert.match(text, /ใช้งาน/);
  assert.match(await device.locator('.facts').textContent(), /บันทึกที่ศูนย์มี\s*1/);
  const incident = device.locator('.incidents li.inc-gap');
  await incident.waitFor();
  assert.match(await incident.textContent(), /ลำดับขาดหาย · ลำดับที่ 3/);
  assert.match(await incident.textContent(), /waiting for the missing ones/);
  await shot(page, 'pages-devices-gap');
});

test('the content page publishes what a kiosk takes, and names what it would refuse', async () => {
  const { page } = browser;
  await page.click('nav.nav a[href="#/content"]');
  await page.locator('.content-page .current h3', { hasText: 'ยังไม่มีข้อมูลที่เผยแพร่' }).waitFor();
  // A catalogue without its fields: refused as the kiosk would, nothing published.
  await page.setInputFiles('.publish input[type=file]',
    { name: 'catalogue.json', mimeType: 'application/json', buffer: Buffer.from('{"format": 1}') });
  await page.click('.publish button[type=submit]');
  const error = page.locator('.publish .error');
  await error.waitFor();
  assert.match(await error.textContent(), /catalogue\.json/);
  assert.match(await error.textContent(), /Nothing was published/);
  assert.match(await page.locator('.content-page .current h3').textContent(), /ยังไม่มีข้อมูล/);
  const announcements = await import('node:fs').then((fs) =>
    fs.readFileSync(new URL('../../assets/content/announcements.json', import.meta.url)));
  await page.setInputFiles('.publish input[type=file]',
    { name: 'announcements.json', mimeType: 'application/json', buffer: announcements });
  await page.click('.publish button[type=submit]');
  await page.locator('.content-page [role=status]', { hasText: 'เผยแพร่ฉบับที่ 1 แล้ว' }).waitFor();
  await page.locator('.content-page .current h3', { hasText: 'ฉบับที่ 1' }).waitFor();
  assert.match(await page.locator('.files-table').textContent(), /announcements\.json/);
  await shot(page, 'pages-content');
});

test('at a phone\'s 390 px no page scrolls sideways', async () => {
  const { page } = browser;
  await page.setViewportSize({ width: 390, height: 844 });
  for (const p of ['users', 'audit', 'devices']) {
    await page.evaluate((h) => { location.hash = h; }, `#/${p}`);
    await page.waitForLoadState('networkidle');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `${p} is ${wide} px wide`);
  }
  await shot(page, 'pages-devices-phone');
  await page.setViewportSize({ width: 1366, height: 768 });
});

test('the pages load their Thai font from the hub and break no rule of the page policy', async () => {
  const { page } = browser;
  const fonts = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family}:${f.weight}`);
  });
  assert.ok(fonts.some((f) => f.includes('Loma')), fonts.join(','));
  assert.deepEqual(browser.problems, []);
});
