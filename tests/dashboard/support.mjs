// What the browser tests share: a real `fangsiang-hub serve` on loopback
// with a fresh store (office, unit, accounts), Debian's chromium under
// playwright-core with a fresh profile, and sign-in as a person does it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchChromium } from '../../assets/dashboard/tools/chromium.mjs';

const env = process.env;
export const hubExe = env.FANGSIANG_HUB_EXE;
export const kioskExe = env.FANGSIANG_KIOSK_EXE;
export const outDir = env.FANGSIANG_BROWSER_OUT || tmpdir();
export const kOffice = '6340105';
export const kPassword = 'correct-horse-battery-1';

// Chromium missing: a failure, unless the build said to skip (exit 77, which
// ctest reports as skipped).
export function needChromium() {
  const chromium = env.FANGSIANG_CHROMIUM;
  if (chromium && existsSync(chromium)) return chromium;
  const message = 'Debian\'s chromium is not installed (apt-get install chromium, or make deps)';
  if (env.FANGSIANG_SKIP_BROWSER_TESTS === 'ON') {
    console.log(`SKIPPED: ${message}; the build was configured with FANGSIANG_SKIP_BROWSER_TESTS=ON`);
    process.exit(77);
  }
  throw new Error(`${message}; configure with -DFANGSIANG_SKIP_BROWSER_TESTS=ON only where it cannot be`);
}

// Runs the hub program to completion; its output, or a thrown error naming it.
export function hubCommand(dir, args, input) {
  const run = spawnSync(hubExe, ['--dir', dir, ...args], { input, encoding: 'utf8', timeout: 60000 });
  if (run.status !== 0) throw new Error(`fangsiang-hub ${args.join(' ')} failed: ${run.stdout}${run.stderr}`);
  return run.stdout;
}

// A fresh hub folder: keys, the office, a unit, an admin "somchai" and an
// officer "malee" of that unit (password kPassword), and `complaints` filed
// by a device, and `prepare(dir)` run, before it serves.
export async function startHub({ complaints = [], accounts = [], leaveOut, prepare } = {}) {
  needChromium();  // skipped or failed before anything is made
  const dir = mkdtempSync(join(tmpdir(), 'fangsiang-dashboard-'));
  hubCommand(dir, ['init']);
  hubCommand(dir, ['office', 'set', kOffice, '--name-th', 'เทศบาลตำบลบ้านสวน', '--name-en', 'Ban Suan']);
  hubCommand(dir, ['unit', 'add', '--office', kOffice, '--code', 'works', '--name-th', 'กองช่าง', '--name-en', 'Public Works']);
  const people = [
    ['somchai', 'สมชาย ใจดี', 'admin', []],
    ['malee', 'มาลี ศรีสุข', 'officer', ['--unit', 'works']],
    ['wichai', 'วิชัย หัวหน้า', 'supervisor', []],
    ...accounts,
  ];
  for (const [user, name, role, extra] of people)
    hubCommand(dir, ['user', 'add', user, '--name', name, '--role', role, '--office', kOffice, ...extra, '--password-stdin'],
      `${kPassword}\n`);
  if (complaints.length) fileComplaints(dir, complaints, leaveOut);
  if (prepare) prepare(dir);
  return serveHub(dir);
}

// With `leaveOut`, that one (by index) is never sent: a gap at the hub.
export function fileComplaints(dir, complaints, leaveOut) {
  const list = join(dir, 'complaints.json');
  writeFileSync(list, JSON.stringify(complaints));
  const extra = leaveOut === undefined ? {} : { LEAVE_OUT: String(leaveOut) };
  const run = spawnSync(env.DASHBOARD_COMPLAINTS_EXE, [], { env: { ...env, HUB_DIR: dir, COMPLAINTS: list, ...extra }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`filing complaints failed: ${run.stdout}${run.stderr}`);
}

export async function serveHub(dir) {
  const portFile = join(dir, 'port');
  rmSync(portFile, { force: true });
  const child = spawn(hubExe, ['--dir', dir, 'serve', '--port', '0', '--port-file', portFile,
    '--dashboard', env.FANGSIANG_DASHBOARD_DIR], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  for (let i = 0; i < 300 && !existsSync(portFile); ++i) {
    if (child.exitCode !== null) throw new Error(`the hub stopped: ${log}`);
    await sleep(50);
  }
  const port = Number(readFileSync(portFile, 'utf8').trim());
  return {
    dir, url: `http://127.0.0.1:${port}`, port, log: () => log,
    // Stops the hub gently; a hub that did not end cleanly (a sanitizer's
    // report, a crash) fails the test with its log.
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((done) => child.once('exit', done));
      }
      if (child.exitCode !== 0) throw new Error(`the hub ended with ${child.exitCode ?? child.signalCode}: ${log}`);
    },
    async remove() { await this.stop(); rmSync(dir, { recursive: true, force: true }); },
  };
}

// Chromium from Debian with a fresh profile; never a downloaded browser.
export async function openBrowser({ width = 1366, height = 768 } = {}) {
  const browser = await launchChromium({ executablePath: needChromium(), width, height });
  const problems = [];
  browser.page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  browser.page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  return { ...browser, problems };
}

export async function signIn(page, url, user, password = kPassword) {
  await page.goto(`${url}/`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

// On a case page: moves the case to `to` with what the move needs, and
// waits for the page to show the new state.
export async function changeState(page, to, { unit, officer, reply } = {}) {
  await page.selectOption('.change select[name=to]', to);
  if (unit) await page.selectOption('.change select[name=unit]', unit);
  if (officer) await page.fill('.change input[name=officer]', officer);
  if (reply !== undefined) {
    await page.locator('.change textarea[name=reply]').waitFor();
    await page.fill('.change textarea[name=reply]', reply);
  }
  await page.click('.change button[type=submit]');
  await page.locator(`.case-head .state-${to}`).waitFor();
}

export const shot = (page, name) => page.screenshot({ path: join(outDir, `${name}.png`), fullPage: false });
