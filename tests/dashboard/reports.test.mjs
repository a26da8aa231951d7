// The report pages in a real browser, on a hub with three offices' survey
// responses and complaints sent by their kiosks: a viewer lands on the
// satisfaction page; every chart has its table and a CSV; the complaint,
// field-survey and ranking pages show their figures (the office of three
// answers is not ranked first; the table sorts by each figure; an office's
// trend opens); the ITA files download; Thai and English at desk and phone
// width are saved as PNG. And the public page of the office, loaded
// without a session, whose HTML, JSON and CSV hold no name, phone or text.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { hubCommand, kOffice, openBrowser, outDir, signIn, startHub } from './support.mjs';

const kOther = '6340106';
const kTiny = '6340107';
const kNames = ['สมปอง แก้วมณี', 'Jane Citizen'];
const kPhones = ['0812345678', '0898765432'];
const kTexts = ['ถนนหน้าบ้านนายสมปองเป็นหลุมลึกมาก', 'ไฟฟ้าดับซอยเจริญสุขทั้งคืน', 'ข้อความที่ต้องซ่อนจากสาธารณะ'];
const kComment = 'ความเห็นของผู้ตอบที่ไม่ควรออกสู่สาธารณะ';
const dims = ['process', 'staff', 'facilities', 'information', 'overall'];

// A deterministic spread of answers: `lowest`..5, over the last 200 days.
function responses(office, count, lowest, seed) {
  let x = seed;
  const next = () => { x = (x * 1103515245 + 12345) % 2147483648; return x; };
  const out = [];
  for (let i = 0; i < count; ++i) {
    const answers = { service: ['birth-registration', 'building-permit', 'waste-fee'][i % 3], comment: kComment };
    for (const d of dims) answers[d] = lowest + (next() % (6 - lowest));
    out.push({ office, daysAgo: 1 + (next() % 200), hour: 8 + (next() % 9),
      survey: { survey: 'standard-satisfaction', version: 1, answers, context: 'kiosk' } });
  }
  return out;
}
// This month's unhappy visitors: every answer 1, no comment. The office's
// recent mean falls under 3.41, which the dashboard's landing shows.
const unhappy = (count) => Array.from({ length: count }, () => ({ office: kOffice, daysAgo: 0,
  survey: { survey: 'standard-satisfaction', version: 1, context: 'kiosk',
    answers: { service: 'birth-registration', ...Object.fromEntries(dims.map((d) => [d, 1])) } } }));
function buyers(count) {
  const sales = [['woven-cloth', 'online'], ['woven-cloth', 'market'], ['herbal-soap', 'shop'], ['chili-paste', 'online'],
    ['chili-paste', 'fair'], ['herbal-soap', 'online']];
  return Array.from({ length: count }, (_, i) => ({ office: kOffice, daysAgo: 2 + (i % 90), hour: 11,
    survey: { survey: 'product-buyer', version: 2, answers: { product: sales[i % 6][0], bought_at: sales[i % 6][1],
      quality: 3 + (i % 3), price_paid: 80 + 20 * (i % 7), comment: kComment } } }));
}
function complaints() {
  const out = [];
  for (let i = 0; i < 14; ++i)
    out.push({ office: kOffice, daysAgo: 5 + i * 9, category: i % 2 ? 'roads-lights' : 'water', text: kTexts[i % 3],
      village: 'หมู่ 3', landmark: 'หน้าวัดป่า', contact: { name: kNames[i % 2], phone: kPhones[i % 2] } });
  for (let i = 0; i < 4; ++i) out.push({ office: kOther, daysAgo: 10 + i, category: 'waste', text: kTexts[0] });
  return out;
}

// The page from its top as the screen shows it, and the whole page, to look at.
const shot = async (page, name) => {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(outDir, `${name}.png`) });
  await page.screenshot({ path: join(outDir, `${name}-full.png`), fullPage: true });
};

let hub;
let browser;
const problems = () => browser.problems.filter((p) => !p.includes('favicon'));
before(async () => {
  hub = await startHub({
    accounts: [['wanna', 'วรรณา ผู้บริหาร', 'viewer', []]],
    prepare: (dir) => {
      hubCommand(dir, ['office', 'set', kOther, '--name-th', 'เทศบาลตำบลนาดี', '--name-en', 'Na Di']);
      hubCommand(dir, ['office', 'set', kTiny, '--name-th', 'อบต.เล็ก', '--name-en', 'Lek SAO']);
      const data = [...responses(kOffice, 70, 3, 7), ...unhappy(12), ...responses(kOther, 45, 1, 11), ...responses(kTiny, 3, 5, 13),
        ...buyers(30), ...complaints()];
      const file = join(dir, 'report-data.json');
      writeFileSync(file, JSON.stringify(data));
      const run = spawnSync(process.env.DASHBOARD_REPORT_DATA_EXE, [], { env: { ...process.env, HUB_DIR: dir, REPORT_DATA: file },
        encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`filing the report data failed: ${run.stdout}${run.stderr}`);
    },
  });
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
  await hub?.remove();
});

// Every figure on the page has a table and a CSV link whose file holds that table.
async function checkFigures(page) {
  const figures = page.locator('section.figure[id]');
  const n = await figures.count();
  assert.ok(n > 0, 'no figures on the page');
  for (let i = 0; i < n; ++i) {
    const f = figures.nth(i);
    const id = await f.getAttribute('id');
    const csv = f.locator('a.csv');
    assert.equal(await csv.count(), 1, `${id}: no CSV beside it`);
    // As a person gets it: a click, and the file the browser saves.
    const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
    assert.equal(download.suggestedFilename(), `${id}.csv`);
    const text = readFileSync(await download.path(), 'utf8');
    assert.ok(text.startsWith('\uFEFF'), `${id}: the CSV has no byte order mark`);
    const header = await f.locator('table th').allTextContents();
    if (header.length) assert.ok(text.includes(header[0]), `${id}: the CSV is not the table`);
  }
  return n;
}

test('a viewer lands on the satisfaction report: band, S.D., % satisfied against the target, trend, heat map, alerts', async () => {
  const { page } = browser;
  await signIn(page, hub.url, 'wanna');
  await page.locator('#satisfaction-dimensions').waitFor();
  assert.match(page.url(), /#\/reports/);
  const cards = await page.locator('.cards').textContent();
  assert.match(cards, /82/);            // responses
  assert.match(cards, /ปานกลาง|มาก/);   // the Thai band of a mean of about 3.5
  // Answers 3-5 (two in three satisfied) and twelve of 1: under the 70% target.
  assert.equal(await page.locator('.cards .badge.fail').count(), 1);
  // This month's mean under 3.41: an alert per dimension.
  assert.ok(await page.locator('.alerts-box li.alert.mean-below').count() >= 5);
  assert.ok(await page.locator('#satisfaction-trend svg circle').count() > 1);
  assert.ok(await page.locator('#satisfaction-heat svg rect.heat-3, #satisfaction-heat svg rect.heat-4').count() > 0);
  assert.ok(await checkFigures(page) >= 4);
  const html = await page.content();
  assert.ok(!html.includes(kComment), 'a survey comment on the figures page');
  await shot(page, 'reports-satisfaction');
  // One service only.
  await page.selectOption('select[name=service]', 'waste-fee');
  await page.locator('.cards', { hasText: '23' }).or(page.locator('.cards', { hasText: '24' })).first().waitFor();
  assert.deepEqual(problems(), []);
});

test('the complaint figures: counts, times, 15 days, within target, backlog', async () => {
  const { page } = browser;
  await page.click('nav.tabs a[href^="#/reports/complaints"]');
  await page.locator('#complaints-category').waitFor();
  assert.match(await page.locator('.cards').textContent(), /14/);
  for (const id of ['complaints-months', 'complaints-times', 'complaints-state', 'complaints-unit', 'complaints-village', 'complaints-backlog'])
    assert.equal(await page.locator(`#${id}`).count(), 1, id);
  await checkFigures(page);
  const html = await page.content();
  for (const secret of [...kNames, ...kPhones, ...kTexts]) assert.ok(!html.includes(secret), secret);
  await shot(page, 'reports-complaints');
});

test('what citizens talk about: top terms with their tables; a viewer sees comments counted, never their words', async () => {
  const { page } = browser;
  await page.click('nav.tabs a[href^="#/reports/talk"]');
  await page.locator('#talk-top').waitFor();
  await page.goto(`${hub.url}/#/reports/talk?p=months%3D12&source=complaints`);
  await page.locator('.cards', { hasText: '14' }).waitFor();
  assert.match(await page.locator('#talk-top').textContent(), /ถนน|ไฟฟ้า|หลุม/);
  assert.equal(await page.locator('#talk-top a.term').count(), 0);  // a viewer opens no case
  await checkFigures(page);
  await shot(page, 'reports-talk');
  await page.click('nav.tabs a[href^="#/reports/satisfaction"]');
  const comments = page.locator('#satisfaction-comments');
  await comments.locator('.muted', { hasText: 'ความคิดเห็น' }).first().waitFor();
  assert.match(await comments.textContent(), /70 ความคิดเห็น/);  // the unhappy twelve wrote none
  assert.equal(await comments.locator('.comment-list li').count(), 0);
  assert.ok(!(await page.content()).includes(kComment));
});

test('a supervisor reads and searches the comments, and a term leads to the cases that use it', async () => {
  const chief = await openBrowser();
  try {
    const { page } = chief;
    await signIn(page, hub.url, 'wichai');
    await page.locator('.inbox').waitFor();
    // The landing shows this month's satisfaction alerts.
    await page.locator('.landing-alerts li.alert').first().waitFor();
    assert.match(await page.locator('.landing-alerts').textContent(), /ต่ำกว่าเกณฑ์/);
    await page.screenshot({ path: join(outDir, 'reports-landing-alerts.png') });
    await page.goto(`${hub.url}/#/reports/satisfaction`);
    const comments = page.locator('#satisfaction-comments');
    await comments.locator('.comment-list li').first().waitFor();
    assert.equal(await comments.locator('.comment-list li').count(), 10);
    assert.match(await comments.textContent(), new RegExp(kComment));
    await comments.locator('input[name=comment-q]').fill('ไม่มีคำนี้ในความเห็นใด');
    await comments.locator('button[type=submit]').click();
    await comments.locator('.muted', { hasText: '0 ความคิดเห็น' }).waitFor();
    await page.goto(`${hub.url}/#/reports/talk?p=months%3D12&source=complaints`);
    const term = page.locator('#talk-top a.term').first();
    await term.waitFor();
    const word = await term.textContent();
    await term.click();
    await page.locator('table.cases tbody tr').first().waitFor();
    assert.match(page.url(), /#\/cases\?q=/);
    assert.match(await page.locator('table.cases tbody').textContent(), new RegExp(word));
    await shot(page, 'reports-talk-to-cases');
  } finally {
    await chief.close();
  }
});

test('the buyer survey: a chart per question, cross-tabulated by channel, online against traditional', async () => {
  const { page } = browser;
  await page.click('nav.tabs a[href^="#/reports/field"]');
  await page.locator('#field-product').waitFor();
  // The office's field surveys to choose from (the satisfaction survey is not one).
  assert.deepEqual(await page.locator('select[name=survey] option').evaluateAll((o) => o.map((x) => x.value)), ['product-buyer']);
  await page.locator('#field-channels').waitFor();
  // 30 buyers, every third online... 3 of each 6 sales online: 15.
  assert.match(await page.locator('#field-channels').textContent(), /15/);
  assert.match(await page.locator('#field-product table').textContent(), /ออนไลน์|online/i);
  await checkFigures(page);
  await page.selectOption('select[name=by]', 'product');
  await page.locator('#field-bought_at table th', { hasText: 'chili-paste' }).waitFor();
  // The cross-tabulation's cells: every chili paste bought online or at a
  // fair (5 each), none at a shop.
  const table = page.locator('#field-bought_at table');
  const headers = await table.locator('th').allTextContents();
  const chili = headers.findIndex((h) => h.startsWith('chili-paste'));
  const cellOf = async (option) => (await table.locator('tbody tr', { hasText: option }).locator('td').allTextContents())[chili];
  assert.equal(await cellOf('online'), '5');
  assert.equal(await cellOf('fair'), '5');
  assert.equal(await cellOf('shop'), '0');
  assert.equal(await cellOf('market'), '0');
  await shot(page, 'reports-field');
});

test('the ranking: three offices, the one of three answers not first, sortable, with each office\'s trend', async () => {
  const { page } = browser;
  await page.click('nav.tabs a[href^="#/reports/ranking"]');
  const rows = page.locator('table.ranking tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 3);
  assert.match(await rows.first().textContent(), /บ้านสวน/);
  assert.match(await rows.first().textContent(), /#1/);
  const tiny = page.locator('table.ranking tbody tr', { hasText: 'อบต.เล็ก' });
  assert.match(await tiny.locator('td').nth(1).textContent(), /ไม่จัดอันดับ/);
  // Sorting by the reply coverage keeps the table, in that figure's order.
  await page.click('button.sort[data-sort=coverage]');
  await page.locator('th.sorted button[data-sort=coverage]').waitFor();
  await page.click('table.ranking tbody button.linkish >> text=เทศบาลตำบลนาดี');
  await page.locator('section.figure[id="ranking-trend-6340106"]').waitFor();
  await checkFigures(page);
  await shot(page, 'reports-ranking');
});

test('the ITA downloads are files of the hub: PDF, XLSX and CSV for 6 and 12 months', async () => {
  const { page } = browser;
  await page.click('nav.tabs a[href^="#/reports/files"]');
  const links = page.locator('a.download');
  assert.equal(await links.count(), 12);
  const pdf = await links.first().getAttribute('href');
  assert.match(pdf, /complaints\.pdf\?.*months=6/);
  const answer = await page.evaluate(async (u) => { const r = await fetch(u); return { status: r.status, type: r.headers.get('content-type') }; }, pdf);
  assert.equal(answer.status, 200);
  assert.match(answer.type, /pdf/);
  await shot(page, 'reports-files');
});

test('in English, and at a phone\'s width', async () => {
  const { page } = browser;
  await page.click('.who .lang');
  await page.click('nav.tabs a[href^="#/reports/satisfaction"]');
  await page.locator('#satisfaction-dimensions h3', { hasText: 'By dimension' }).waitFor();
  await shot(page, 'reports-satisfaction-en');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('#satisfaction-dimensions').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than a phone`);
  await shot(page, 'reports-satisfaction-en-phone');
  await page.click('.who .lang');
  await page.setViewportSize({ width: 1366, height: 768 });
  assert.deepEqual(problems(), []);
});

test('the public page loads without a session and holds no name, phone, comment or complaint text', async () => {
  const visitor = await openBrowser();
  try {
    const { page } = visitor;
    const res = await page.goto(`${hub.url}/public/${kOffice}`);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['cache-control'], /public/);
    assert.match(res.headers()['content-security-policy'], /default-src 'none'/);
    await page.locator('#satisfaction-dimensions svg rect.bar').first().waitFor();
    assert.equal(await page.locator('#complaints-categories .bar-row').count(), 2);
    assert.match(await page.locator('h1').textContent(), /บ้านสวน/);
    // The page as the browser has it, and its JSON and CSV as any client
    // gets them (the page's CSP lets no script of the page fetch anything).
    const get = async (path) => (await fetch(`${hub.url}${path}`)).text();
    const bodies = [await page.content(), await get(`/public/${kOffice}?lang=en`)];
    const json = await get(`/public/${kOffice}.json`);
    bodies.push(json);
    const tables = JSON.parse(json).tables;
    assert.ok(tables.length >= 6);
    for (const t of tables) bodies.push(await get(t.csv));
    for (const body of bodies)
      for (const secret of [...kNames, ...kPhones, ...kTexts, kComment, 'หน้าวัดป่า', 'สมชาย', 'somchai'])
        assert.ok(!body.includes(secret), `the public page shows ${secret}`);
    // And no session was made: the officers' API still says to sign in.
    assert.equal((await visitor.context.cookies()).length, 0);
    await shot(page, 'public-page');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'public-page-phone');
    assert.deepEqual(visitor.problems, []);
  } finally {
    await visitor.close();
  }
});
