// The report pages' charts, drawn as SVG by Preact (no chart library: the
// first load stays small), and the rule they share: every chart comes with
// its table and a CSV of that table beside it (Figure). The page's CSP
// allows no inline style, so the SVG is coloured by attributes and classes.
import { useMemo } from 'preact/hooks';
import { html } from './html.js';
import { currentLang, t } from './i18n.js';

// "3.25" for figures, "—" when there is none.
export const fix = (v, digits = 2) => (v === null || v === undefined || Number.isNaN(v) ? '—' : Number(v).toFixed(digits));

// A CSV that Excel opens with Thai intact: UTF-8 with a byte order mark,
// every cell quoted when it needs to be.
export function csvText(columns, rows) {
  const cell = (v) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[columns, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function CsvLink({ name, columns, rows }) {
  const href = useMemo(() => URL.createObjectURL(new Blob([csvText(columns, rows)], { type: 'text/csv;charset=utf-8' })),
    [name, JSON.stringify(rows), JSON.stringify(columns)]);
  return html`<a class="csv" href=${href} download=${`${name}.csv`}>${t('rep.csv')}</a>`;
}

export function DataTable({ columns, rows, numeric = [] }) {
  if (!rows.length) return html`<p class="muted">${t('none')}</p>`;
  return html`<div class="table-wrap"><table class="figures">
    <thead><tr>${columns.map((c, i) => html`<th class=${numeric.includes(i) ? 'num' : ''}>${c}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr>${r.map((v, i) => html`<td class=${numeric.includes(i) ? 'num' : ''}>${v}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

// A titled figure: the chart, then its table (folded on a phone) and its CSV.
export function Figure({ id, title, chart, columns, rows, numeric, note, folded = false }) {
  return html`<section class="figure" id=${id}>
    <header><h3>${title}</h3><${CsvLink} name=${id} columns=${columns} rows=${rows} /></header>
    ${note ? html`<p class="muted note">${note}</p>` : null}
    ${chart ? html`<div class="chart">${chart}</div>` : null}
    <details class="figure-table" open=${!folded}><summary>${t('rep.table')}</summary>
      <${DataTable} columns=${columns} rows=${rows} numeric=${numeric} /></details>
  </section>`;
}

// Horizontal bars: [{label, value, text, cls}] scaled to `max` (else the
// largest), one row each: the label (wrapping as Thai wraps), the bar, the
// figure; `mark` draws the target across the bars.
export function Bars({ items, max, mark }) {
  if (!items.length) return null;
  const top = max ?? Math.max(1, ...items.map((i) => i.value || 0));
  const pct = (v) => Math.max(0, Math.min(100, ((v || 0) / top) * 100));
  const name = (i) => (typeof i.label === 'string' ? i.label : i.aria || '');
  return html`<div class="bars" role="img" aria-label=${items.map((i) => `${name(i)} ${i.text ?? i.value}`).join(', ')}>
    ${items.map((it) => html`<div class="bar-row">
      <span class="bar-name">${it.label}</span>
      <svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
        <rect x="0" y="0" width=${pct(it.value)} height="10" class=${`bar ${it.cls || ''}`} />
        ${mark !== undefined ? html`<line x1=${pct(mark)} x2=${pct(mark)} y1="0" y2="10" class="mark" />` : null}
      </svg>
      <span class="bar-value">${it.text ?? it.value}</span>
    </div>`)}
  </div>`;
}

// "ม.ค. 2569" or "Jan 2026" of "2026-01" (the Buddhist era in Thai).
export function monthOf(key) {
  const [y, m] = String(key || '').split('-').map(Number);
  if (!y || !m) return key || '—';
  return new Date(y, m - 1, 1).toLocaleDateString(currentLang() === 'th' ? 'th-TH' : 'en-GB', { year: 'numeric', month: 'short' });
}

// "ต.ค." or "Oct" of a month's {th: "ต.ค. 2569", en: "October 2026"}.
export const shortMonth = (label) => (currentLang() === 'th' ? (label.th || '').split(' ')[0] : (label.en || '').slice(0, 3));

// A line over months: points [{label, value}] (value null: no data), on [lo, hi].
export function Trend({ points, lo = 1, hi = 5, mark, digits = 1 }) {
  if (!points.length) return null;
  const W = 600, H = 180, pad = 28;
  const x = (i) => pad + (points.length === 1 ? (W - 2 * pad) / 2 : (i * (W - 2 * pad)) / (points.length - 1));
  const y = (v) => H - pad - ((v - lo) / (hi - lo)) * (H - 2 * pad);
  const segments = [];
  let run = [];
  points.forEach((p, i) => {
    if (p.value === null || p.value === undefined) { if (run.length) segments.push(run); run = []; } else run.push(`${x(i)},${y(p.value)}`);
  });
  if (run.length) segments.push(run);
  const ticks = digits === 0 ? [...new Set([lo, Math.round((lo + hi) / 2), hi])] : [lo, (lo + hi) / 2, hi];
  return html`<svg class="trend" viewBox=${`0 0 ${W} ${H}`} width="100%" role="img"
      aria-label=${points.map((p) => `${p.label} ${fix(p.value)}`).join(', ')}>
    ${ticks.map((v) => html`<g><line x1=${pad} x2=${W - pad} y1=${y(v)} y2=${y(v)} class="grid" />
      <text x="2" y=${y(v) + 4} class="axis">${fix(v, digits)}</text></g>`)}
    ${mark !== undefined ? html`<line x1=${pad} x2=${W - pad} y1=${y(mark)} y2=${y(mark)} class="mark" />` : null}
    ${segments.map((s) => html`<polyline points=${s.join(' ')} class="line" />`)}
    ${points.map((p, i) => (p.value === null || p.value === undefined ? null
      : html`<circle cx=${x(i)} cy=${y(p.value)} r="4" class="dot"><title>${p.label}: ${fix(p.value)}</title></circle>`))}
    ${points.map((p, i) => (points.length <= 12 || i % Math.ceil(points.length / 12) === 0
      ? html`<text x=${x(i)} y=${H - 6} class="axis" text-anchor="middle">${p.short ?? p.label}</text>` : null))}
  </svg>`;
}

// Weekday x hour cells coloured by the mean (low: warm), blank without answers.
export function Heat({ heat, days, from = 7, to = 19 }) {
  const hours = [];
  for (let h = from; h <= to; ++h) hours.push(h);
  const cls = (c) => (!c || !c.n ? 'heat-none' : c.mean < 2.61 ? 'heat-1' : c.mean < 3.41 ? 'heat-2' : c.mean < 4.21 ? 'heat-3' : 'heat-4');
  const cw = 34, ch = 26, left = 44, top = 18;
  return html`<svg class="heat" viewBox=${`0 0 ${left + hours.length * cw} ${top + 7 * ch}`} width="100%" role="img"
      aria-label=${t('rep.heat')}>
    ${hours.map((h, i) => html`<text x=${left + i * cw + cw / 2} y="12" class="axis" text-anchor="middle">${h}</text>`)}
    ${days.map((d, w) => html`<g>
      <text x="0" y=${top + w * ch + 17} class="axis">${d}</text>
      ${hours.map((h, i) => {
        const c = heat[w] && heat[w][h];
        return html`<rect x=${left + i * cw + 1} y=${top + w * ch + 1} width=${cw - 2} height=${ch - 2} class=${cls(c)}>
          <title>${d} ${h}:00 · n ${c ? c.n : 0}${c && c.n ? ` · ${fix(c.mean)}` : ''}</title></rect>`;
      })}</g>`)}
  </svg>`;
}
