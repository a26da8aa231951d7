// The complaint figures (GET /api/v1/reports/complaints): counts by
// category, state, unit, village and month, the times (median and 90th
// percentile), the 15-day rule, within target, the backlog by age.
import { api, query } from '../api.js';
import { Bars, Figure, Trend, fix, shortMonth } from '../charts.js';
import { html } from '../html.js';
import { pick, t } from '../i18n.js';
import { ErrorLine, Loading, useLoad } from '../ui.js';
import { PeriodPicker, officeOf, periodParams } from './reports.js';

const pct = (s) => (s.n ? `${fix(s.percent, 1)}%` : '—');

// `names`: {id: {th, en}} for the rows' keys (categories, units), else the hub's label.
function CountFigure({ id, title, rows, total, names = {} }) {
  const label = (r) => pick(names[r.key] || r.label, r.key || '—');
  return html`<${Figure} id=${id} title=${title} numeric=${[1, 2]}
    chart=${html`<${Bars} items=${rows.map((r) => ({ label: label(r), value: r.n }))} />`}
    columns=${[t('rep.key'), t('rep.n'), t('rep.share')]}
    rows=${rows.map((r) => [label(r), r.n, total ? fix((100 * r.n) / total, 1) : '—'])} />`;
}

export function ComplaintReport({ session, q, set }) {
  const office = officeOf(session, q);
  const period = q.p || 'months=12';
  const { data, error } = useLoad(() => api('GET', `/api/v1/reports/complaints${query({ office, ...periodParams(period) })}`),
    [office, period]);
  const categories = useLoad(() => api('GET', `/api/v1/categories${query({ office })}`), [office]);
  const units = useLoad(() => api('GET', `/api/v1/units${query({ office })}`), [office]);
  const categoryNames = Object.fromEntries((categories.data || []).map((c) => [c.id, c.name]));
  const unitNames = Object.fromEntries((units.data || []).map((u) => [u.code, { th: u.nameTh, en: u.nameEn }]));
  const picker = html`<div class="report-filters"><${PeriodPicker} value=${period} onChange=${(p) => set({ p })} /></div>`;
  if (error) return html`${picker}<${ErrorLine} error=${error} />`;
  if (!data) return html`${picker}<${Loading} />`;
  const times = [['toAccept', data.toAccept], ['toFirstReply', data.toFirstReply], ['toResolve', data.toResolve]];
  const maxMonth = Math.max(1, ...data.byMonth.map((m) => m.n));
  const ages = data.backlog.map((b) => (b.toDays === null ? t('rep.overDays', { d: b.fromDays - 1 }) : `${b.fromDays}–${b.toDays}`));
  return html`${picker}
    <div class="cards">
      <div class="card"><b>${data.total}</b>${t('rep.total')}</div>
      <div class="card"><b>${pct(data.outcomeIn15Days)}</b>${t('rep.in15')} (${data.outcomeIn15Days.met}/${data.outcomeIn15Days.n})</div>
      <div class="card"><b>${pct(data.resolvedInTarget)}</b>${t('rep.inTarget')} (${data.resolvedInTarget.met}/${data.resolvedInTarget.n})</div>
      <div class="card"><b>${data.toResolve.n ? `${fix(data.toResolve.medianHours, 1)} ${t('rep.hours')}` : '—'}</b>
        ${t('rep.median')} ${t('rep.toResolve')}</div>
    </div>
    ${data.total === 0 ? html`<p class="notice">${t('rep.noData')}</p>` : null}
    <${Figure} id="complaints-months" title=${t('rep.byMonth')} numeric=${[1]}
      chart=${html`<${Trend} lo=${0} hi=${maxMonth} digits=${0} points=${data.byMonth.map((m) => ({ label: pick(m.label, m.key),
        short: shortMonth(m.label), value: m.n }))} />`}
      columns=${[t('rep.month'), t('rep.n')]} rows=${data.byMonth.map((m) => [pick(m.label, m.key), m.n])} />
    <${Figure} id="complaints-times" title=${t('rep.times')} numeric=${[1, 2, 3]}
      chart=${html`<${Bars} items=${times.map(([k, d]) => ({ label: t(`rep.${k}`), value: d.medianHours || 0,
        text: d.n ? `${fix(d.medianHours, 1)} / ${fix(d.p90Hours, 1)} ${t('rep.hours')}` : '—' }))} />`}
      columns=${[t('rep.step'), t('rep.n'), t('rep.median'), t('rep.p90')]}
      rows=${times.map(([k, d]) => [t(`rep.${k}`), d.n, d.n ? fix(d.medianHours, 1) : '—', d.n ? fix(d.p90Hours, 1) : '—'])} />
    <${CountFigure} id="complaints-category" title=${t('rep.byCategory')} rows=${data.byCategory} total=${data.total} names=${categoryNames} />
    <${CountFigure} id="complaints-state" title=${t('rep.byState')} rows=${data.byState} total=${data.total} />
    <${CountFigure} id="complaints-unit" title=${t('rep.byUnit')} rows=${data.byUnit} total=${data.total} names=${unitNames} />
    <${CountFigure} id="complaints-village" title=${t('rep.byVillage')} rows=${data.byVillage} total=${data.total} />
    <${Figure} id="complaints-backlog" title=${t('rep.backlog')} numeric=${[1]}
      chart=${html`<${Bars} items=${data.backlog.map((b, i) => ({ label: ages[i], value: b.n, cls: i >= 2 ? 'bad' : '' }))} />`}
      columns=${[t('rep.age'), t('rep.n')]} rows=${data.backlog.map((b, i) => [ages[i], b.n])} />`;
}
