// The same records replicated two ways on loopback, side by side:
//   Fangsiang: kiosk store -> sync client -> hub (durable), via bench_sync
//   PouchDB:   local PouchDB -> pouchdb-server, via PouchDB replication
// Both go through a byte-counting TCP proxy on 127.0.0.1, so "bytes on the
// wire" means the same thing: TCP payload both ways, HTTP headers included.
// Then, in the same run, the hub's ingest from 1, 10, 100 and 1,000
// devices at once on SQLite and on PostgreSQL 15 (a server of its own,
// started here in a temporary folder), each beside PouchDB's records/s.
//
//   npm install
//   node compare.js ../../../build/release/tests/bench/bench_sync 10000

'use strict';

const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const PouchDB = require('pouchdb');

const benchSync = path.resolve(process.argv[2] || '../../../build/release/tests/bench/bench_sync');
const count = parseInt(process.argv[3] || '10000', 10);

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

// A TCP proxy that only counts what passes.
function countingProxy(targetPort) {
  const counts = { up: 0, down: 0 };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    client.on('data', (d) => { counts.up += d.length; });
    upstream.on('data', (d) => { counts.down += d.length; });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => { client.destroy(); upstream.destroy(); };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, counts, port: server.address().port }));
  });
}

function waitForServer(port) {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 30000;
    const attempt = () => {
      const req = http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
        res.resume();
        resolve();
      });
      req.on('error', () => {
        if (Date.now() > deadline) reject(new Error('pouchdb-server did not start'));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

// A PostgreSQL 15 server of our own in `dir`, on a unix socket there only,
// trust authentication (as the tests' server, tests/support/pg_server.hpp);
// as root it runs as the postgres user, since initdb refuses root.
function startPostgres(dir) {
  const bin = process.env.FANGSIANG_PG_BIN || '/usr/lib/postgresql/15/bin';
  const asRoot = process.getuid && process.getuid() === 0;
  const run = (args) => {
    const argv = asRoot ? ['/usr/sbin/runuser', '-u', 'postgres', '--', ...args] : args;
    execFileSync(argv[0], argv.slice(1), { stdio: 'ignore' });
  };
  fs.mkdirSync(dir, { recursive: true });
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  run([`${bin}/initdb`, '-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  fs.appendFileSync(path.join(data, 'postgresql.conf'),
    `listen_addresses = ''\nunix_socket_directories = '${dir}'\nmax_connections = 300\n`);
  run([`${bin}/pg_ctl`, '-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  return () => run([`${bin}/pg_ctl`, '-D', data, '-m', 'fast', '-w', 'stop']);
}

// bench_sync's ingest runs: a JSON object per device count.
function ingest(env) {
  const out = execFileSync(benchSync, ['ingest-json', '20000'], { encoding: 'utf8', env: { ...process.env, ...env } });
  return out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fangsiang-pouchdb-'));
  try {
    // Ours first; it also writes the records as documents for PouchDB.
    const dump = path.join(work, 'records.ndjson');
    const oursLine = execFileSync(benchSync, ['replicate', String(count), '--dump', dump], { encoding: 'utf8' })
      .trim().split('\n').pop();
    const ours = JSON.parse(oursLine);

    const docs = fs.readFileSync(dump, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

    const serverDir = path.join(work, 'server');
    fs.mkdirSync(serverDir);
    const port = await freePort();
    const server = spawn(process.execPath, [
      path.join(__dirname, 'node_modules', 'pouchdb-server', 'bin', 'pouchdb-server'),
      '--host', '127.0.0.1', '--port', String(port), '--dir', serverDir,
      '--config', path.join(serverDir, 'config.json'), '--no-stdout-logs',
    ], { stdio: 'ignore', cwd: serverDir });  // its log.txt goes there too
    try {
      await waitForServer(port);
      const proxy = await countingProxy(port);

      const local = new PouchDB(path.join(work, 'local'));
      for (let i = 0; i < docs.length; i += 1000) await local.bulkDocs(docs.slice(i, i + 1000));
      const remote = new PouchDB(`http://127.0.0.1:${proxy.port}/records`);
      await remote.info();  // creates it; not counted below
      proxy.counts.up = 0;
      proxy.counts.down = 0;

      const start = process.hrtime.bigint();
      const result = await local.replicate.to(remote, { batch_size: 250 });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const theirs = {
        system: 'pouchdb',
        records: result.docs_written,
        seconds,
        records_per_s: result.docs_written / seconds,
        bytes_up: proxy.counts.up,
        bytes_down: proxy.counts.down,
        bytes_per_record: (proxy.counts.up + proxy.counts.down) / docs.length,
      };
      proxy.server.close();
      await local.close();
      await remote.close();

      const row = (r) => `${r.system.padEnd(10)} ${String(r.records).padStart(7)} ${r.seconds.toFixed(2).padStart(8)} s `
        + `${Math.round(r.records_per_s).toString().padStart(9)} records/s `
        + `${(r.bytes_up / 1e6).toFixed(2).padStart(7)} MB up ${(r.bytes_down / 1e6).toFixed(2).padStart(7)} MB down `
        + `${r.bytes_per_record.toFixed(0).padStart(6)} B/record`;
      console.log(`${count} records (one complaint in five with sealed contact details), loopback, counted at a TCP proxy`);
      console.log(row(ours));
      console.log(row(theirs));
      console.log(JSON.stringify({ fangsiang: ours, pouchdb: theirs }));

      // The hub's ingest beside PouchDB's rate of this same run.
      const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangsiang-pg-'));
      fs.chmodSync(pgDir, 0o755);
      const stopPostgres = startPostgres(pgDir);
      let runs;
      try {
        runs = [...ingest({}), ...ingest({ FANGSIANG_BENCH_PGHOST: pgDir })];
      } finally {
        stopPostgres();
        fs.rmSync(pgDir, { recursive: true, force: true });
      }
      console.log(`\nHub ingest, durable, 20,000 records a run, best of three; PouchDB replication above: `
        + `${Math.round(theirs.records_per_s)} records/s`);
      for (const r of runs) {
        console.log(`${r.system.padEnd(21)} ${String(r.devices).padStart(5)} device(s) `
          + `${Math.round(r.records_per_s).toString().padStart(8)} records/s `
          + `${(r.records_per_s / theirs.records_per_s).toFixed(1).padStart(6)}x PouchDB `
          + `(${r.records} records${r.failed_requests ? `, ${r.failed_requests} REQUESTS FAILED` : ''})`);
      }
      console.log(JSON.stringify({ pouchdb_records_per_s: theirs.records_per_s, ingest: runs }));
    } finally {
      server.kill('SIGTERM');
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
