// An independent check of the hub's Open311 answers: the field list of
// GeoReport v2 (georeport-v2-fields.json, written from the spec's text)
// against every answer of a real `fangsiang-hub serve` on loopback, in JSON
// and XML: no field the spec does not name, every field it requires, each
// of the type it says. The hub is set up with its own commands (init,
// office, apikey, ticket) and only its HTTP answers are read.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

const hubExe = process.env.FANGSIANG_HUB_EXE;
const spec = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'georeport-v2-fields.json'), 'utf8'));
const kOffice = '6340105';
const personal = ['Somsri', 'Jaidee', '0899990000', 'somsri@example.org', 'device-7781', 'account-5512'];

function hub(dir, args) {
  const run = spawnSync(hubExe, ['--dir', dir, ...args], { encoding: 'utf8', timeout: 60000 });
  if (run.status !== 0) throw new Error(`fangsiang-hub ${args.join(' ')} failed: ${run.stdout}${run.stderr}`);
  return run.stdout;
}

let dir, server, base, key;
const seen = [];  // every answer's body, for the personal-data check

before(async () => {
  assert.ok(hubExe && existsSync(hubExe), 'FANGSIANG_HUB_EXE names the hub program');
  dir = mkdtempSync(join(tmpdir(), 'fangsiang-open311-'));
  hub(dir, ['init']);
  hub(dir, ['office', 'set', kOffice, '--name-th', 'เทศบาลตำบลบ้านสวน', '--name-en', 'Ban Suan']);
  key = /\n\s+([0-9a-f]{64})\n/.exec(hub(dir, ['apikey', 'add', '--office', kOffice, '--partner', 'conformance']))[1];
  const portFile = join(dir, 'port');
  server = spawn(hubExe, ['--dir', dir, 'serve', '--port', '0', '--port-file', portFile], { stdio: 'ignore' });
  for (let i = 0; i < 300 && !existsSync(portFile); i++) await sleep(50);
  base = `http://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}/open311/v2`;
});

after(() => {
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function ask(path, form) {
  const init = form ? { method: 'POST', body: new URLSearchParams(form),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {};
  const res = await fetch(base + path, init);
  const body = await res.text();
  seen.push(body);
  return { status: res.status, type: res.headers.get('content-type'), body };
}

const w3c = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

// Whether `value` (JSON, or the text of an XML element) is of `type`.
function typed(type, value, xml) {
  const empty = value === null || (xml && value === '');
  if (type.endsWith('?') && empty) return true;
  const base = type.replace(/\?$/, '');
  switch (base) {
    case 'string': return typeof value === 'string';
    case 'number': return xml ? /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value) : typeof value === 'number';
    case 'boolean': return xml ? value === 'true' || value === 'false' : typeof value === 'boolean';
    case 'datetime': return typeof value === 'string' && w3c.test(value);
    case 'status': return value === 'open' || value === 'closed';
    case 'service_type': return ['realtime', 'batch', 'blackbox'].includes(value);
    case 'array': return xml ? typeof value === 'string' : Array.isArray(value);
    default: throw new Error(`the field list names an unknown type ${type}`);
  }
}

function checkItem(resource, item, xml) {
  const r = spec.resources[resource];
  for (const name of Object.keys(item))
    assert.ok(name in r.fields, `${resource}: "${name}" is not a field GeoReport v2 names`);
  for (const name of r.required ?? [])
    assert.ok(name in item, `${resource}: the required field "${name}" is missing`);
  if (r.required_one_of)
    assert.ok(r.required_one_of.some((n) => item[n]), `${resource}: one of ${r.required_one_of} is required`);
  for (const [name, value] of Object.entries(item))
    assert.ok(typed(r.fields[name], value, xml), `${resource}: "${name}" is ${JSON.stringify(value)}, not ${r.fields[name]}`);
}

// The XML answer's items as {element: text} (the spec's answers nest one level,
// and service_definition's attributes one more, which is kept as its text).
function xmlItems(resource, body) {
  const r = spec.resources[resource];
  assert.ok(body.startsWith('<?xml version="1.0" encoding="utf-8"?>'), 'the XML declares UTF-8');
  const root = new RegExp(`^<\\?xml[^>]*\\?><${r.xml_root}>(.*)</${r.xml_root}>$`, 's').exec(body);
  assert.ok(root, `the XML's root is <${r.xml_root}>: ${body.slice(0, 120)}`);
  const fields = (text) => {
    const out = {};
    for (const m of text.matchAll(/<([a-z_]+)>(.*?)<\/\1>/gs)) out[m[1]] = m[2];
    return out;
  };
  if (!r.xml_item) return [fields(root[1])];
  const items = [...root[1].matchAll(new RegExp(`<${r.xml_item}>(.*?)</${r.xml_item}>`, 'gs'))].map((m) => fields(m[1]));
  assert.equal(root[1].replace(new RegExp(`<${r.xml_item}>.*?</${r.xml_item}>`, 'gs'), ''), '', 'only items in the root');
  return items;
}

// Asks for `path` in both formats and checks every item; the JSON items.
async function both(resource, path, status = 200, form) {
  const json = await ask(`${path}.json`, form && { ...form });
  assert.equal(json.status, status, json.body);
  assert.match(json.type, /^application\/json/);
  const parsed = JSON.parse(json.body);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  for (const item of list) checkItem(resource, item, false);
  const xml = await ask(`${path}.xml`, form && { ...form });
  assert.equal(xml.status, status, xml.body);
  assert.match(xml.type, /^text\/xml/);
  const items = xmlItems(resource, xml.body);
  assert.equal(items.length, list.length, 'the XML holds as many items as the JSON');
  for (const item of items) checkItem(resource, item, true);
  return list;
}

const filing = {
  service_code: 'roads-lights', lat: '13.7563', long: '100.5018', address_string: 'ซอยสุขุมวิท 3',
  description: 'ไฟถนนดับทั้งซอย', first_name: personal[0], last_name: personal[1], phone: personal[2],
  email: personal[3], device_id: personal[4], account_id: personal[5], media_url: 'https://example.org/p.jpg',
};

test('services and a service definition have the fields and types the spec lists', async () => {
  const services = await both('services', '/services');
  assert.ok(services.length >= 8);
  await both('service_definition', '/services/water');
});

test('a filed request, its token and the request lists have the spec\'s fields and nothing personal', async () => {
  const posted = await both('post_request', '/requests', 201, { api_key: key, ...filing });
  const ticket = posted[0].service_request_id;
  const tokens = await both('token', `/tokens/${posted[0].token}`);
  assert.equal(tokens[0].service_request_id, ticket);
  hub(dir, ['ticket', ticket, '--status', 'rejected', '--reply', 'ไม่อยู่ในเขตเทศบาล']);
  const list = await both('requests', '/requests');
  assert.equal(list.length, 2);  // the JSON and the XML filing
  const one = await both('requests', `/requests/${ticket}`);
  assert.equal(one[0].status, 'closed');
  assert.equal(one[0].status_notes, 'ไม่อยู่ในเขตเทศบาล');
  for (const query of ['?status=open', '?status=closed', '?service_code=roads-lights', `?service_request_id=${ticket}`,
    '?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00%2B07:00'])
    await checkQuery(query);
  for (const body of seen)
    for (const secret of personal) assert.ok(!body.includes(secret), `an answer holds "${secret}": ${body.slice(0, 200)}`);
});

async function checkQuery(query) {
  for (const format of ['json', 'xml']) {
    const a = await ask(`/requests.${format}${query}`);
    assert.equal(a.status, 200, `${query}: ${a.body}`);
    const items = format === 'json' ? JSON.parse(a.body) : xmlItems('requests', a.body);
    for (const item of items) checkItem('requests', item, format === 'xml');
  }
}

test('errors are the spec\'s list of {code, description}, with 400, 403 and 404', async () => {
  await both('errors', '/services/potholes', 404);
  await both('errors', '/requests', 403, { api_key: '0'.repeat(64), ...filing });
  await both('errors', '/requests', 400, { api_key: key, ...filing, lat: '123' });
  for (const format of ['json', 'xml']) {
    const a = await ask(`/requests.${format}?status=pending`);
    assert.equal(a.status, 400);
    const items = format === 'json' ? JSON.parse(a.body) : xmlItems('errors', a.body);
    for (const item of items) checkItem('errors', item, format === 'xml');
  }
});
