// Signing in and out in a real browser: a wrong password refused with its
// message, the account locked after five failures, sign-out, a change
// without the CSRF token refused, a 401 sending the page to the sign-in,
// and serve refusing a dashboard folder with nothing built in it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { kPassword, openBrowser, shot, signIn, startHub } from './support.mjs';

let hub;
let browser;
before(async () => {
  hub = await startHub();
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  await hub?.remove();
});

test('a wrong password is refused with the message, in Thai', async () => {
  const { page } = browser;
  await signIn(page, hub.url, 'somchai', 'not-the-password');
  const error = page.locator('.error');
  await error.waitFor();
  assert.match(await error.textContent(), /ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง/);
  assert.equal(await page.locator('nav.nav').count(), 0);
  await shot(page, 'session-wrong-password');
});

test('the right password signs in and shows who is signed in', async () => {
  const { page } = browser;
  await signIn(page, hub.url, 'somchai');
  await page.locator('.who .user').waitFor();
  assert.match(await page.locator('.who .user').textContent(), /สมชาย ใจดี/);
  assert.equal(await page.locator('input[name=password]').count(), 0);
  const cookies = await browser.context.cookies();
  const session = cookies.find((c) => c.name === 'fangsiang_session');
  assert.ok(session, 'a session cookie');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  // The page's script cannot read it.
  assert.equal(await page.evaluate(() => document.cookie.includes('fangsiang_session')), false);
});

test('a change without the CSRF token is refused and changes nothing', async () => {
  const { page } = browser;
  const answer = await page.evaluate(async () => {
    const res = await fetch('/api/v1/users', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'intruder', displayName: 'x', role: 'admin', office: '6340105' }),
    });
    return { status: res.status, body: await res.json() };
  });
  assert.equal(answer.status, 403);
  assert.equal(answer.body.error, 'csrf');
  const users = await page.evaluate(async () => (await fetch('/api/v1/users')).json());
  assert.equal(users.some((u) => u.user === 'intruder'), false);
});

test('signing out ends the session and shows the sign-in page', async () => {
  const { page } = browser;
  await page.click('button.logout');
  await page.locator('form.login').waitFor();
  assert.match(await page.locator('.notice').textContent(), /ออกจากระบบแล้ว/);
  const status = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  assert.equal(status, 401);
});

test('an ended session sends the page back to the sign-in', async () => {
  const { page } = browser;
  await signIn(page, hub.url, 'somchai');
  await page.locator('.who .user').waitFor();
  await browser.context.clearCookies();
  await page.evaluate(() => { location.hash = '#/users'; });
  await page.locator('form.login').waitFor();
});

test('five failures lock the account, and the right password is then refused with the lock message', async () => {
  const { page } = browser;
  for (let i = 0; i < 5; ++i) {
    await signIn(page, hub.url, 'malee', `wrong-${i}-password`);
    await page.locator('.error').waitFor();
  }
  await signIn(page, hub.url, 'malee', kPassword);
  await page.waitForFunction(() => /ล็อก/.test(document.querySelector('.error')?.textContent || ''));
  assert.match(await page.locator('.error').textContent(), /ถูกล็อกชั่วคราว/);
  assert.equal(await page.locator('nav.nav').count(), 0);
  await shot(page, 'session-locked');
  assert.deepEqual(browser.problems, []);
});

test('serve refuses a dashboard folder that holds no built dashboard, naming it', () => {
  const run = spawnSync(process.env.FANGSIANG_HUB_EXE, ['--dir', hub.dir, 'serve', '--port', '0', '--dashboard', '/nonexistent-dashboard'],
    { encoding: 'utf8', timeout: 30000 });
  assert.notEqual(run.status, 0);
  assert.match(run.stdout + run.stderr, /\/nonexistent-dashboard has no index\.html/);
});
