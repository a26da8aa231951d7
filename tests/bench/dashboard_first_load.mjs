// The dashboard's first load, as a browser with an empty cache fetches it:
// Debian's chromium signs in and opens the inbox; every response's bytes on
// the wire (compressed body + headers) are added up, the page's files
// (index, bundle, style, icon, fonts) apart from the API's answers.
//
//   FANGSIANG_DASHBOARD_MODULES=build/dev/dashboard-npm/node_modules \
//     node tests/bench/dashboard_first_load.mjs URL USER PASSWORD
import { launchChromium } from '../../assets/dashboard/tools/chromium.mjs';

const [url, user, password] = process.argv.slice(2);
const browser = await launchChromium();
const { page } = browser;
const responses = [];
page.on('requestfinished', (request) => responses.push(request));
await page.goto(`${url}/`);
await page.locator('form.login').waitFor();
await page.evaluate(() => document.fonts.ready);
await page.fill('input[name=username]', user);
await page.fill('input[name=password]', password);
await page.click('button[type=submit]');
await page.locator('.inbox, .error').first().waitFor();
await page.waitForLoadState('networkidle');
await page.evaluate(() => document.fonts.ready);

let files = 0;
let api = 0;
const rows = [];
for (const request of responses) {
  const sizes = await request.sizes();
  const response = await request.response();
  const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
  const path = new URL(request.url()).pathname;
  const encoding = (await response.allHeaders())['content-encoding'] || 'identity';
  rows.push(`${String(bytes).padStart(7)}  ${encoding.padEnd(8)} ${request.method()} ${path}`);
  if (path.startsWith('/api/')) api += bytes;
  else files += bytes;
}
console.log(rows.join('\n'));
console.log(`page files: ${files} bytes (${(files / 1024).toFixed(1)} KiB); API answers: ${api} bytes`);
await browser.close();
