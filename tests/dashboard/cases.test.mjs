// Cases in a real browser: complaints filed by an enrolled device appear in
// the inbox; the case page shows the text inert, the signature badge and the
// timeline; a supervisor assigns a case and resolves it with a reply (the
// template's words, edited); an internal note stays internal; an officer sees
// only what is assigned to their unit.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { changeState, hubCommand, kOffice, openBrowser, shot, signIn, startHub } from './support.mjs';

const kHostile = 'ถนนพัง <script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> หน้าโรงเรียน';
const kLamp = 'ไฟส่องสว่างซอยวัดป่าสักดับมาสามคืนแล้ว';
const kTemplate = 'ดำเนินการแก้ไขเรียบร้อยแล้ว';
const kReply = `${kTemplate} กองช่างเปลี่ยนหลอดไฟให้แล้ว ขอบคุณที่แจ้ง`;

let hub;
let browser;
before(async () => {
  hub = await startHub({
    complaints: [
      { category: 'roads-lights', text: kLamp, village: 'หมู่ 4', landmark: 'ประตูวัด' },
      { category: 'roads-lights', text: kHostile, village: 'หมู่ 2' },
    ],
    prepare: (dir) => hubCommand(dir, ['case', 'template', '--office', kOffice, '--category', 'roads-lights',
      '--state', 'resolved', '--th', kTemplate, '--en', 'Done, thank you']),
  });
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  await hub?.remove();
});

const caseRow = (page, text) => page.locator('table.cases tbody tr', { hasText: text }).first();

test('the inbox shows the new complaints', async () => {
  const { page } = browser;
  await signIn(page, hub.url, 'wichai');
  await page.locator('.inbox').waitFor();
  const newPart = page.locator('.inbox-part.new');
  await caseRow(newPart, 'ไฟส่องสว่าง').waitFor();
  assert.equal(await page.locator('.count-card.new b').textContent(), '2');
  await shot(page, 'cases-inbox');
});

test('a complaint carrying markup shows it as text and runs nothing', async () => {
  const { page } = browser;
  const row = caseRow(page.locator('.inbox-part.new'), 'ถนนพัง');
  assert.match(await row.textContent(), /<script>window.__xss = 1<\/script>/);
  await row.locator('a').click();
  await page.locator('article.case .complaint-text').waitFor();
  assert.equal(await page.locator('.complaint-text').textContent(), kHostile);
  assert.equal(await page.locator('article.case img[src=x]').count(), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await shot(page, 'cases-hostile-text');
});

test('the case list filters by Thai text', async () => {
  const { page } = browser;
  await page.evaluate(() => { location.hash = '#/cases'; });
  await page.fill('.filters input[name=q]', 'ไฟส่อง');
  await page.click('.filters button[type=submit]');
  await page.waitForFunction(() => location.hash.includes('q='));
  await page.locator('p.total').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('table.cases tbody tr').length === 1);
  assert.match(await page.locator('table.cases tbody').textContent(), /ไฟส่องสว่าง/);
});

test('the case page shows place, device and the signature badge with what it means', async () => {
  const { page } = browser;
  await caseRow(page, 'ไฟส่องสว่าง').locator('a').click();
  await page.locator('article.case').waitFor();
  assert.equal(await page.locator('.complaint-text').textContent(), kLamp);
  const facts = await page.locator('.facts').first().textContent();
  assert.match(facts, /หมู่ 4/);
  assert.match(facts, /ประตูวัด/);
  const badge = page.locator('.signature');
  assert.match(await badge.getAttribute('class'), /\bok\b/);
  assert.match(await badge.textContent(), /ลายมือชื่อถูกต้อง/);
  assert.ok((await badge.locator('.means').textContent()).length > 10);
  assert.match(await page.locator('.timeline').textContent(), /ยื่นเรื่อง/);
});

test('a supervisor assigns the case to a unit and an officer', async () => {
  const { page } = browser;
  await changeState(page, 'accepted', { unit: 'works', officer: 'malee' });
  assert.match(await page.locator('.facts').first().textContent(), /works · malee/);
});

test('resolved with a reply: the template fills it, the officer edits it, the timeline keeps it', async () => {
  const { page } = browser;
  await changeState(page, 'in_progress');
  await page.selectOption('.change select[name=to]', 'resolved');
  const reply = page.locator('.change textarea[name=reply]');
  await reply.waitFor();
  await page.waitForFunction((words) => document.querySelector('.change textarea[name=reply]').value === words, kTemplate);
  await reply.press('End');
  await reply.pressSequentially(kReply.slice(kTemplate.length));
  await page.click('.change button[type=submit]');
  await page.locator('.case-head .state-resolved').waitFor();
  assert.equal(await page.locator('.reply-text').textContent(), kReply);
  const timeline = await page.locator('.timeline').textContent();
  assert.match(timeline, /รับเรื่องแล้ว → กำลังดำเนินการ/);
  assert.match(timeline, new RegExp(kReply));
  await shot(page, 'cases-resolved');
});

test('an internal note is marked internal on the timeline', async () => {
  const { page } = browser;
  await page.fill('.notes textarea[name=note]', 'โทรประสานผู้ใหญ่บ้านแล้ว');
  await page.click('.notes button[type=submit]');
  const note = page.locator('.timeline li.internal', { hasText: 'โทรประสานผู้ใหญ่บ้านแล้ว' });
  await note.waitFor();
  assert.match(await note.textContent(), /ภายใน/);
});

test('an officer sees the case assigned to their unit, not the unassigned one', async () => {
  const { page } = browser;
  await page.click('button.logout');
  await signIn(page, hub.url, 'malee');
  await page.locator('.who .user').waitFor();
  await page.evaluate(() => { location.hash = '#/cases'; });
  await page.locator('p.total').waitFor();
  const body = await page.locator('.cases-page').textContent();
  assert.match(body, /ไฟส่องสว่าง/);
  assert.doesNotMatch(body, /ถนนพัง/);
  assert.deepEqual(browser.problems, []);
});
