// Field-survey figures (GET /api/v1/reports/field): per question the counts
// and percentages of a choice, or n, mean, median, S.D., min and max of a
// number or rating; a chart per question; a cross-tabulation by any choice
// question; for the buyer survey, online sales against the traditional ones.
import { api, query } from '../api.js';
import { Bars, Figure, fix } from '../charts.js';
import { html } from '../html.js';
import { pick, t } from '../i18n.js';
import { ErrorLine, Loading, useLoad } from '../ui.js';
import { PeriodPicker, officeOf, periodParams } from './reports.js';

const isChoice = (q) => q.type === 'single_choice' || q.type === 'multiple_choice';
const kSurveys = ['product-buyer'];  // the seed survey, asked first

// Number questions: the mean online against the pooled traditional channels.
function Channels({ data }) {
  if (!data.by || data.by.question !== 'bought_at') return null;
  const online = (cells) => cells.filter((c) => c.by === 'online');
  const other = (cells) => cells.filter((c) => c.by !== 'online');
  const pooled = (cells) => {
    const n = cells.reduce((a, c) => a + c.n, 0);
    return n ? { n, mean: cells.reduce((a, c) => a + (c.mean || 0) * c.n, 0) / n } : { n: 0, mean: null };
  };
  const rows = data.questions.filter((q) => !isChoice(q) && q.byOption).map((q) => {
    const a = pooled(online(q.byOption)), b = pooled(other(q.byOption));
    return [pick(q.label, q.id), a.n, fix(a.mean), b.n, fix(b.mean)];
  });
  const count = (pred) => data.by.options.filter(pred).reduce((a, o) => a + o.n, 0);
  const on = count((o) => o.id === 'online'), off = count((o) => o.id !== 'online');
  return html`<${Figure} id="field-channels" title=${t('rep.channels')} numeric=${[1, 2, 3, 4]}
    chart=${html`<${Bars} items=${[{ label: t('rep.online'), value: on }, { label: t('rep.traditional'), value: off }]} />`}
    columns=${[t('rep.question'), `${t('rep.online')} n`, `${t('rep.online')} ${t('rep.mean')}`,
      `${t('rep.traditional')} n`, `${t('rep.traditional')} ${t('rep.mean')}`]} rows=${rows} />`;
}

function Question({ q, by }) {
  const id = `field-${q.id}`;
  if (isChoice(q)) {
    const options = q.all.options || [];
    const cross = by && q.byOption ? by.options.map((b) => {
      const cell = q.byOption.find((c) => c.by === b.id);
      return cell ? cell.options : [];
    }) : null;
    const columns = [t('rep.option'), t('rep.n'), t('rep.share'), ...(cross ? by.options.map((b) => `${pick(b.label, b.id)} n`) : [])];
    const cellOf = (c, id) => (c.find((x) => x.id === id) || { n: 0 }).n;
    const rows = options.map((o) => [pick(o.label, o.id), o.n, fix(o.percent, 1),
      ...(cross ? cross.map((c) => cellOf(c, o.id)) : [])]);
    return html`<${Figure} id=${id} title=${pick(q.label, q.id)} numeric=${columns.map((_, i) => i).slice(1)}
      chart=${html`<${Bars} max=${100} items=${options.map((o) => ({ label: pick(o.label, o.id), value: o.percent,
        text: `${o.n} (${fix(o.percent, 1)}%)` }))} />`} columns=${columns} rows=${rows} />`;
  }
  const stats = (s) => [s.n, fix(s.mean), fix(s.median), fix(s.sd), fix(s.min), fix(s.max)];
  const columns = [t('rep.key'), t('rep.n'), t('rep.mean'), t('rep.median'), t('rep.sd'), t('rep.min'), t('rep.max')];
  const rows = [[t('all'), ...stats(q.all)], ...(by && q.byOption ? q.byOption.map((c) => {
    const b = by.options.find((o) => o.id === c.by);
    return [pick(b && b.label, c.by), ...stats(c)];
  }) : [])];
  const chart = by && q.byOption && q.type !== 'number'
    ? html`<${Bars} max=${5} items=${q.byOption.map((c) => { const b = by.options.find((o) => o.id === c.by);
      return { label: pick(b && b.label, c.by), value: c.mean || 0, text: c.n ? fix(c.mean) : '—' }; })} />`
    : html`<${Bars} max=${q.type === 'number' ? undefined : 5} items=${[{ label: t('rep.mean'), value: q.all.mean || 0, text: fix(q.all.mean) },
      { label: t('rep.median'), value: q.all.median || 0, text: fix(q.all.median) }]} />`;
  return html`<${Figure} id=${id} title=${pick(q.label, q.id)} numeric=${[1, 2, 3, 4, 5, 6]} chart=${chart}
    columns=${columns} rows=${rows} />`;
}

export function FieldReport({ session, q, set }) {
  const office = officeOf(session, q);
  const period = q.p || 'months=12';
  const survey = q.survey || kSurveys[0];
  const by = q.by === undefined ? (survey === 'product-buyer' ? 'bought_at' : '') : q.by;
  const { data, error } = useLoad(() => api('GET', `/api/v1/reports/field${query({ office, survey, by, ...periodParams(period) })}`),
    [office, period, survey, by]);
  const choices = data ? data.questions.filter(isChoice) : [];
  const picker = html`<div class="report-filters"><${PeriodPicker} value=${period} onChange=${(p) => set({ p })} />
    <label>${t('rep.survey')} <select name="survey" value=${survey} onChange=${(e) => set({ survey: e.target.value, by: undefined })}>
      ${[...new Set([survey, ...((data && data.surveys) || []).map((x) => x.id)])].map((id) => {
        const known = ((data && data.surveys) || []).find((x) => x.id === id);
        return html`<option value=${id}>${known ? pick(known.title, id) : id}</option>`;
      })}</select></label>
    <label>${t('rep.by')} <select name="by" value=${by} onChange=${(e) => set({ by: e.target.value })}>
      <option value="">${t('rep.noBy')}</option>
      ${choices.map((c) => html`<option value=${c.id}>${pick(c.label, c.id)}</option>`)}
    </select></label></div>`;
  if (error) return html`${picker}<${ErrorLine} error=${error} />`;
  if (!data) return html`${picker}<${Loading} />`;
  return html`${picker}
    <div class="cards"><div class="card"><b>${data.responses}</b>${pick(data.title, data.survey)} · ${t('rep.responses')}</div></div>
    ${data.responses === 0 ? html`<p class="notice">${t('rep.noData')}</p>` : null}
    <${Channels} data=${data} />
    ${data.questions.filter((x) => x.type !== 'text').map((x) => html`<${Question} key=${x.id} q=${x} by=${data.by} />`)}`;
}
