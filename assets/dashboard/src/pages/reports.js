// The report pages (docs/DASHBOARD.md, "Reports"): satisfaction, complaint
// figures, field surveys, the ranking of offices and the ITA downloads, as
// tabs under #/reports/<tab>. Each reads one JSON route of the hub
// (docs/API.md, "Reports"); every chart has its table and a CSV beside it.
import { api, query } from '../api.js';
import '../report_words.js';
import { Bars, Figure, Heat, Trend, fix, shortMonth } from '../charts.js';
import { html } from '../html.js';
import { pick, t } from '../i18n.js';
import { ErrorLine, Loading, useLoad } from '../ui.js';
import { ComplaintReport } from './report_complaints.js';
import { FieldReport } from './report_field.js';
import { Ranking } from './ranking.js';
import { Comments, TalkReport } from './report_talk.js';

export const kTabs = ['satisfaction', 'complaints', 'talk', 'field', 'ranking', 'files'];

// The periods an office reports on: the last 12 and 6 months, this and last
// Thai fiscal year (from 1 October) with their quarters, and each of the
// last 12 months. Values are what the hub's period= takes.
export function periodChoices(now = new Date()) {
  const year = now.getFullYear(), month = now.getMonth() + 1;
  const fy = (month >= 10 ? year + 1 : year) + 543;
  const out = [{ value: 'months=12', label: t('rep.last12') }, { value: 'months=6', label: t('rep.last6') },
    { value: 'months=3', label: t('rep.last3') }];
  for (const y of [fy, fy - 1]) {
    out.push({ value: `period=fy${y}`, label: t('rep.fy', { y }) });
    for (let q = 1; q <= 4; ++q) out.push({ value: `period=fy${y}-q${q}`, label: t('rep.quarter', { q, y }) });
  }
  for (let i = 0; i < 12; ++i) {
    const d = new Date(year, month - 1 - i, 1);
    const key = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
    out.push({ value: `period=${key}`, label: d.toLocaleDateString(t('lang.name') === 'ไทย' ? 'th-TH' : 'en-GB', { year: 'numeric', month: 'long' }) });
  }
  return out;
}

// "months=12" -> {months: "12"}
export const periodParams = (choice) => Object.fromEntries([choice.split('=')]);

export function PeriodPicker({ value, onChange }) {
  return html`<label class="period">${t('rep.period')}
    <select name="period" value=${value} onChange=${(e) => onChange(e.target.value)}>
      ${periodChoices().map((c) => html`<option value=${c.value}>${c.label}</option>`)}
    </select></label>`;
}

export const officeOf = (session, q) => q.office || session.office || '';

const passBadge = (pass) => html`<span class=${`badge ${pass ? 'pass' : 'fail'}`}>${t(pass ? 'rep.pass' : 'rep.fail')}</span>`;
const band = (f) => (f && f.n ? `${fix(f.mean)} ${pick(f.band)}` : '—');

export function AlertList({ alerts }) {
  if (!alerts || !alerts.length) return html`<p class="muted">${t('rep.noAlerts')}</p>`;
  return html`<ul class="alerts">${alerts.map((a) => html`<li class=${`alert ${a.kind}`}>${pick(a.message)}</li>`)}</ul>`;
}

// The landing's strip: the alerts of the last three months, when any.
export function LandingAlerts({ session }) {
  const office = officeOf(session, {});
  const { data } = useLoad(() => (office ? api('GET', `/api/v1/reports/satisfaction${query({ office, months: 3 })}`)
    : Promise.resolve(null)), [office]);
  if (!data || !data.alerts || !data.alerts.length) return null;
  return html`<section class="landing-alerts"><h2><a href="#/reports/satisfaction">${t('rep.landingAlerts')}</a></h2>
    <${AlertList} alerts=${data.alerts} /></section>`;
}

function facesRow(label, f, pass) {
  return [label, f.n, f.n ? fix(f.mean) : '—', f.n ? fix(f.sd) : '—', f.n ? pick(f.band) : '—',
    f.n ? fix(f.satisfiedPercent) : '—', f.n ? t(pass ? 'rep.pass' : 'rep.fail') : '—'];
}

function Satisfaction({ session, q, set }) {
  const office = officeOf(session, q);
  const period = q.p || 'months=12';
  const { data, error } = useLoad(() => api('GET', `/api/v1/reports/satisfaction${query({ office, service: q.service, ...periodParams(period) })}`),
    [office, period, q.service]);
  const picker = html`<div class="report-filters"><${PeriodPicker} value=${period} onChange=${(p) => set({ p })} />
    ${data ? html`<label>${t('rep.service')} <select name="service" value=${q.service || ''} onChange=${(e) => set({ service: e.target.value })}>
      <option value="">${t('rep.allServices')}</option>
      ${data.services.filter((s) => s.service).map((s) => html`<option value=${s.service}>${pick(s.label, s.service)}</option>`)}
    </select></label>` : null}</div>`;
  if (error) return html`${picker}<${ErrorLine} error=${error} />`;
  if (!data) return html`${picker}<${Loading} />`;
  const target = data.target.satisfiedPercent;
  const cols = [t('rep.dimension'), t('rep.n'), t('rep.mean'), t('rep.sd'), t('rep.band'), t('rep.satisfied'), t('rep.target')];
  const days = t('rep.days').split(',');
  const heatRows = [];
  data.heat.forEach((hours, w) => hours.forEach((c, h) => { if (c.n) heatRows.push([days[w], h, c.n, fix(c.mean), fix(c.lowPercent)]); }));
  return html`${picker}
    <section class="figure alerts-box"><h3>${t('rep.alerts')}</h3><${AlertList} alerts=${data.alerts} /></section>
    <div class="cards">
      <div class="card"><b>${data.responses}</b>${t('rep.responses')}</div>
      <div class="card"><b>${band(data.all)}</b>${t('rep.mean')} · ${t('rep.sd')} ${data.all.n ? fix(data.all.sd) : '—'}</div>
      <div class="card"><b>${data.all.n ? `${fix(data.all.satisfiedPercent)}%` : '—'}</b>${t('rep.satisfied')}
        ${data.all.n ? html` · ${t('rep.target')} ${fix(target, 0)}% ${passBadge(data.pass)}` : null}</div>
    </div>
    ${data.responses === 0 ? html`<p class="notice">${t('rep.noData')}</p>` : null}
    <${Figure} id="satisfaction-dimensions" title=${t('rep.byDimension')} numeric=${[1, 2, 3, 5]}
      note=${t('rep.passColours', { p: fix(target, 0) })}
      chart=${html`<${Bars} max=${5} items=${data.dimensions.map((d) => ({ label: pick(d.label, d.question), value: d.mean || 0,
        text: band(d), cls: d.n ? (d.pass ? 'ok' : 'bad') : '' }))} />`}
      columns=${cols} rows=${[...data.dimensions.map((d) => facesRow(pick(d.label, d.question), d, d.pass)),
        facesRow(t('rep.overall'), data.all, data.pass)]} />
    <${Figure} id="satisfaction-services" title=${t('rep.byService')} note=${t('rep.targetLine', { p: fix(target, 0) })}
      numeric=${[1, 2, 3, 5]}
      chart=${html`<${Bars} max=${100} mark=${target} items=${data.services.map((s) => ({ label: pick(s.label, s.service || '—'),
        value: s.all.satisfiedPercent || 0, text: s.all.n ? `${fix(s.all.satisfiedPercent)}%` : '—', cls: s.pass ? 'ok' : 'bad' }))} />`}
      columns=${[t('rep.service'), ...cols.slice(1)]}
      rows=${data.services.map((s) => { const r = facesRow(pick(s.label, s.service || '—'), s.all, s.pass); r[1] = s.responses; return r; })} />
    <${Figure} id="satisfaction-trend" title=${t('rep.trend')} numeric=${[1, 2, 3]}
      chart=${html`<${Trend} mark=${data.target.alertMean} points=${data.trend.map((p) => ({ label: pick(p.label, p.month),
        short: shortMonth(p.label), value: p.all.n ? p.all.mean : null }))} />`}
      columns=${[t('rep.month'), t('rep.n'), t('rep.mean'), t('rep.satisfied'), t('rep.band')]}
      rows=${data.trend.map((p) => [pick(p.label, p.month), p.all.n, p.all.n ? fix(p.all.mean) : '—',
        p.all.n ? fix(p.all.satisfiedPercent) : '—', p.all.n ? pick(p.all.band) : '—'])} />
    <${Comments} session=${session} office=${office} period=${period} service=${q.service} />
    <${Figure} id="satisfaction-heat" title=${t('rep.heat')} note=${t('rep.heatNote')} numeric=${[1, 2, 3, 4]} folded
      chart=${html`<${Heat} heat=${data.heat} days=${days} />`}
      columns=${[t('rep.weekday'), t('rep.hour'), t('rep.n'), t('rep.mean'), t('rep.low')]} rows=${heatRows} />`;
}

function Files({ session, q }) {
  const office = officeOf(session, q);
  const link = (what, months, ext) => html`<a class="download" href=${`/api/v1/reports/${what}.${ext}${query({ office, months })}`}
    download>${ext.toUpperCase()}</a>`;
  const row = (what, label) => html`<tr><th>${t(label)}</th>
    ${[6, 12].map((m) => html`<td>${['pdf', 'xlsx', 'csv'].map((ext) => link(what, m, ext))}</td>`)}</tr>`;
  return html`<section class="figure"><p>${t('rep.filesNote')}</p>
    <table class="figures files"><thead><tr><th></th><th>${t('rep.months6')}</th><th>${t('rep.months12')}</th></tr></thead>
      <tbody>${row('complaints', 'rep.complaintReport')}${row('satisfaction', 'rep.satisfactionReport')}</tbody></table></section>`;
}

export function Reports({ session, query: q, go, tab }) {
  const current = kTabs.includes(tab) ? tab : 'satisfaction';
  const set = (changes) => {
    const next = { ...q, ...changes };
    go(`/reports/${current}${query(next)}`);
  };
  const props = { session, q, set };
  const body = {
    satisfaction: html`<${Satisfaction} ...${props} />`, complaints: html`<${ComplaintReport} ...${props} />`,
    talk: html`<${TalkReport} ...${props} />`, field: html`<${FieldReport} ...${props} />`, ranking: html`<${Ranking} ...${props} />`, files: html`<${Files} ...${props} />`,
  }[current];
  return html`<div class="reports">
    <nav class="tabs">${kTabs.map((k) => html`<a href=${`#/reports/${k}${q.office ? query({ office: q.office }) : ''}`}
      class=${k === current ? 'active' : ''}>${t(`rep.${k}`)}</a>`)}</nav>
    ${body}
  </div>`;
}
