// The ranking of the hub's offices (GET /api/v1/reports/ranking): each
// figure with its n, 95% interval, the shrunk value it is ranked on and its
// rank, sortable by any column; an office's own trend under the table.
import { api, query } from '../api.js';
import { CsvLink, Figure, Trend, fix, shortMonth } from '../charts.js';
import { html } from '../html.js';
import { pick, t } from '../i18n.js';
import { ErrorLine, Loading, useLoad } from '../ui.js';
import { PeriodPicker, periodParams } from './reports.js';

const kFigures = [
  { key: 'satisfaction', label: 'rep.satisfaction', digits: 2, unit: '' },
  { key: 'inTarget', label: 'rep.inTarget', digits: 1, unit: '%' },
  { key: 'toResolve', label: 'rep.toResolve', digits: 1, unit: ' h' },
  { key: 'coverage', label: 'rep.coverage', digits: 1, unit: '%' },
];

const rankText = (f) => (f.rank ? String(f.rank) : t('rep.unranked'));
const interval = (f, d) => (f.n ? `${fix(f.low, d)}–${fix(f.high, d)}` : '—');

export function Ranking({ q, set }) {
  const period = q.p || 'months=12';
  const sort = q.sort || 'satisfaction';
  const { data, error } = useLoad(() => api('GET', `/api/v1/reports/ranking${query(periodParams(period))}`), [period]);
  const picker = html`<div class="report-filters"><${PeriodPicker} value=${period} onChange=${(p) => set({ p })} />
    <a class="download" href=${`/api/v1/reports/ranking.csv${query(periodParams(period))}`} download>${t('rep.csv')} (${t('all')})</a></div>`;
  if (error) return html`${picker}<${ErrorLine} error=${error} />`;
  if (!data) return html`${picker}<${Loading} />`;
  // Ranked first by rank, the unranked after them by their raw value.
  const order = (o) => (o[sort].rank ? o[sort].rank : 1e6 + (o[sort].n ? 0 : 1e6));
  const offices = [...data.offices].sort((a, b) => order(a) - order(b) || a.office.code.localeCompare(b.office.code));
  const name = (o) => (pick({ th: o.office.nameTh, en: o.office.nameEn }) || o.office.code);
  const columns = [t('rep.office'), ...kFigures.flatMap((f) => [`${t(f.label)} ${t('rep.rank')}`, `${t(f.label)} n`,
    t(f.label), `${t(f.label)} ${t('rep.interval')}`])];
  const rows = offices.map((o) => [name(o), ...kFigures.flatMap((f) => [rankText(o[f.key]), o[f.key].n,
    o[f.key].n ? fix(o[f.key].value, f.digits) : '—', interval(o[f.key], f.digits)])]);
  const picked = data.offices.find((o) => o.office.code === q.officeTrend) || offices[0];
  return html`${picker}
    <p class="muted note">${t('rep.rankNote', { k: data.priorWeight, r: data.minResponses, c: data.minCases })}</p>
    <section class="figure" id="ranking">
      <header><h3>${t('rep.ranking')}</h3><${CsvLink} name="ranking" columns=${columns} rows=${rows} /></header>
      <div class="table-wrap"><table class="figures ranking">
        <thead><tr><th>${t('rep.office')}</th>${kFigures.map((f) => html`<th class=${sort === f.key ? 'sorted' : ''}>
          <button type="button" class="sort" data-sort=${f.key} onClick=${() => set({ sort: f.key })}>${t(f.label)}${sort === f.key ? ' ▲' : ''}</button></th>`)}</tr>
        <tr class="hub-row"><td>${t('rep.hubMean')}</td><td class="num">${fix(data.hub.satisfactionMean)}</td>
          <td class="num">${fix(data.hub.inTargetPercent, 1)}%</td><td></td><td class="num">${fix(data.hub.coveragePercent, 1)}%</td></tr></thead>
        <tbody>${offices.map((o) => html`<tr key=${o.office.code} class=${picked && picked.office.code === o.office.code ? 'picked' : ''}>
          <td><button type="button" class="linkish" onClick=${() => set({ officeTrend: o.office.code })}>${name(o)}</button></td>
          ${kFigures.map((f) => { const v = o[f.key]; return html`<td class="num rank-cell">
            <b class=${v.rank ? 'rank' : 'rank unranked'}>${v.rank ? `#${v.rank}` : t('rep.unranked')}</b>
            <span>${v.n ? `${fix(v.value, f.digits)}${f.unit}` : '—'}</span>
            <small>n ${v.n}${v.n ? ` · ${interval(v, f.digits)}` : ''}</small></td>`; })}
        </tr>`)}</tbody></table></div>
      <p class="muted">${t('rep.pickOffice')}</p>
    </section>
    ${picked ? html`<${Figure} id=${`ranking-trend-${picked.office.code}`} title=${t('rep.officeTrend', { o: name(picked) })}
      numeric=${[1, 2, 3, 4]}
      chart=${html`<${Trend} points=${picked.trend.map((m) => ({ label: pick(m.label, m.month), short: shortMonth(m.label),
        value: m.satisfactionMean }))} />`}
      columns=${[t('rep.month'), t('rep.n'), t('rep.mean'), t('rep.total'), t('rep.resolvedCount')]}
      rows=${picked.trend.map((m) => [pick(m.label, m.month), m.answers, fix(m.satisfactionMean), m.complaints, m.resolved])} />` : null}`;
}
