// The central test, across three real processes: a kiosk (fangsiang-kiosk
// under SDL's offscreen driver) files a complaint on its screens and syncs;
// in the browser an officer signs in, sees it in the inbox, assigns it and
// resolves it with a reply; the kiosk syncs again and its ticket screen
// shows the reply (saved as PNG).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { changeState, hubCommand, kOffice, kioskExe, openBrowser, outDir, shot, signIn, startHub } from './support.mjs';

const kReply = 'กองช่างเปลี่ยนหลอดไฟหน้าวัดแล้ว ขอบคุณที่แจ้ง';
const assets = process.env.FANGSIANG_ASSETS_DIR;

let hub;
let browser;
let kioskData;
let ticket;

function kiosk(args) {
  const run = spawnSync(kioskExe, args, {
    encoding: 'utf8', timeout: 120000,
    env: { ...process.env, SDL_VIDEODRIVER: 'offscreen', SDL_FRAMEBUFFER_ACCELERATION: '0', SDL_AUDIODRIVER: 'dummy' },
  });
  if (run.status !== 0) throw new Error(`fangsiang-kiosk ${args.join(' ')} failed: ${run.stdout}${run.stderr}`);
  return run.stdout;
}

before(async () => {
  hub = await startHub();
  browser = await openBrowser();
  kioskData = join(hub.dir, 'kiosk');
  hubCommand(hub.dir, ['publish', join(assets, 'content')]);
});
after(async () => {
  await browser?.close();
  await hub?.remove();
});

test('the kiosk enrols, a citizen files a complaint on its screens, and it syncs', () => {
  const enrol = hubCommand(hub.dir, ['enroll', '--office', kOffice, '--url', hub.url]).split('\n');
  const code = enrol[2].trim();
  const fingerprint = enrol.find((l) => l.startsWith('hub fingerprint ')).slice('hub fingerprint '.length);
  kiosk(['enroll', hub.url, code, '--fingerprint', fingerprint, '--label', 'เคาน์เตอร์ 1', '--data', kioskData]);
  const demo = kiosk(['demo', '--content', join(assets, 'content'), '--data', kioskData, '--out', join(outDir, 'central-kiosk'),
    '--script', '--sizes', '800x480']);
  ticket = /800x480 Thai: complaint filed as ticket (\S+),/.exec(demo)?.[1];
  assert.ok(ticket, demo);
  assert.match(kiosk(['sync', '--data', kioskData]), /new at the hub/);
});

test('an officer sees it in the inbox, assigns it and resolves it with a reply', async () => {
  const { page } = browser;
  await signIn(page, hub.url, 'wichai');
  const row = page.locator('.inbox-part.new table.cases tbody tr', { hasText: ticket });
  await row.waitFor();
  assert.match(await row.textContent(), /ไฟส่องสว่าง/);
  await shot(page, 'central-inbox');
  await row.locator('a').click();
  await page.locator('article.case .complaint-text').waitFor();
  assert.match(await page.locator('.signature').textContent(), /ลายมือชื่อถูกต้อง/);
  assert.match(await page.locator('.facts').first().textContent(), /เคาน์เตอร์ 1/);

  await changeState(page, 'accepted', { unit: 'works', officer: 'malee' });
  await changeState(page, 'in_progress');
  await changeState(page, 'resolved', { reply: kReply });
  assert.equal(await page.locator('.reply-text').textContent(), kReply);
  await shot(page, 'central-case-resolved');
  assert.deepEqual(browser.problems, []);
});

test('the kiosk syncs again and its ticket screen shows the reply', () => {
  kiosk(['sync', '--data', kioskData]);
  assert.match(kiosk(['ticket', ticket, '--data', kioskData]), new RegExp(kReply));
  const looked = kiosk(['demo', '--content', join(assets, 'content'), '--data', kioskData, '--out', join(outDir, 'central-kiosk'),
    '--ticket', ticket, '--sizes', '800x480']);
  const png = /looked up: (\S+ticket-result\.png)/.exec(looked)?.[1];
  assert.ok(png, looked);
  console.log(`the kiosk's ticket screen: ${png}`);
});
