// Bundles the dashboard for the hub to serve: src/main.js and src/style.css
// minified by esbuild into OUT/static/ under names that carry their content's
// hash (the hub lets browsers keep those for a year) and OUT/index.html
// naming them. The hub compresses them as it sends them.
//
//   node build.mjs OUT [NODE_MODULES]
//
// NODE_MODULES: where `npm ci` put the libraries (the build tree), when it
// is not beside this file.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, 'dist'));
const modules = resolve(process.argv[3] ?? join(here, 'node_modules'));
const esbuild = createRequire(join(modules, 'noop.js'))('esbuild');

const built = await esbuild.build({
  entryPoints: { app: join(here, 'src/main.js'), style: join(here, 'src/style.css') },
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  nodePaths: [modules],
  external: ['/static/fonts/*'],
  legalComments: 'none',
  write: false,
  outdir: 'out',
  logLevel: 'warning',
});

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'static'), { recursive: true });
const names = {};
const write = (path, bytes) => writeFileSync(path, bytes);
for (const file of built.outputFiles) {
  const ext = file.path.endsWith('.css') ? 'css' : 'js';
  const hash = createHash('sha256').update(file.contents).digest('hex').slice(0, 12);
  const name = `${ext === 'css' ? 'style' : 'app'}-${hash}.${ext}`;
  names[ext] = name;
  write(join(out, 'static', name), file.contents);
}
const page = readFileSync(join(here, 'src/index.html'), 'utf8')
  .replace('{{css}}', `/static/${names.css}`)
  .replace('{{js}}', `/static/${names.js}`);
write(join(out, 'index.html'), Buffer.from(page));
for (const f of readdirSync(join(here, 'src/static')))
  write(join(out, 'static', f), readFileSync(join(here, 'src/static', f)));
console.log(`dashboard built in ${out}: ${names.js}, ${names.css}`);
