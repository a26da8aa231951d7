// What citizens talk about (GET /api/v1/reports/keywords): the top terms of
// complaints and survey comments over a period, and the terms rising against
// the months before it with their statistic; a term leads to the cases that
// use it (for those who may read cases) and to the comments. Also the
// comments beside the satisfaction figures (GET /api/v1/reports/comments).
import { useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { Bars, Figure, fix, monthOf } from '../charts.js';
import { html } from '../html.js';
import { day, pick, t } from '../i18n.js';
import { ErrorLine, Loading, Pager, useLoad } from '../ui.js';
import { PeriodPicker, officeOf, periodParams } from './reports.js';

const readsCases = (session) => session.role !== 'viewer';

function TermLink({ session, term }) {
  if (!readsCases(session)) return html`<span class="term">${term}</span>`;
  return html`<a class="term" href=${`#/cases${query({ q: term })}`}>${term}</a>`;
}

export function TalkReport({ session, q, set }) {
  const office = officeOf(session, q);
  const period = q.p || 'months=3';
  const source = q.source || '';
  const { data, error } = useLoad(() => api('GET', `/api/v1/reports/keywords${query({ office, source, category: q.category,
    top: 25, ...periodParams(period) })}`), [office, period, source, q.category]);
  const categories = useLoad(() => api('GET', `/api/v1/categories${query({ office })}`), [office]);
  const picker = html`<div class="report-filters"><${PeriodPicker} value=${period} onChange=${(p) => set({ p })} />
    <label>${t('rep.source')} <select name="source" value=${source} onChange=${(e) => set({ source: e.target.value })}>
      <option value="">${t('all')}</option><option value="complaints">${t('rep.fromComplaints')}</option>
      <option value="comments">${t('rep.fromComments')}</option></select></label>
    <label>${t('case.category')} <select name="category" value=${q.category || ''} onChange=${(e) => set({ category: e.target.value })}>
      <option value="">${t('all')}</option>
      ${(categories.data || []).map((c) => html`<option value=${c.id}>${pick(c.name, c.id)}</option>`)}</select></label></div>`;
  if (error) return html`${picker}<${ErrorLine} error=${error} />`;
  if (!data) return html`${picker}<${Loading} />`;
  return html`${picker}
    <div class="cards"><div class="card"><b>${data.texts}</b>${t('rep.texts')}</div>
      <div class="card"><b>${data.baselineTexts}</b>${t('rep.baselineTexts', { from: monthOf(data.baselineFrom), to: monthOf(data.baselineTo) })}</div></div>
    <p class="muted note">${readsCases(session) ? t('rep.termHint') : t('rep.termHintViewer')}</p>
    <${Figure} id="talk-top" title=${t('rep.topTerms')} numeric=${[1]}
      chart=${html`<${Bars} items=${data.top.map((x) => ({ label: html`<${TermLink} session=${session} term=${x.term} />`, aria: x.term, value: x.texts }))} />`}
      columns=${[t('rep.term'), t('rep.texts')]} rows=${data.top.map((x) => [x.term, x.texts])} />
    <${Figure} id="talk-rising" title=${t('rep.rising')}
      note=${t('rep.risingNote', { c: data.minCount, r: fix(data.minRatio, 1), g: fix(data.minG2) })} numeric=${[1, 2, 3, 4]}
      chart=${data.rising.length ? html`<${Bars} items=${data.rising.map((x) => ({ label: html`<${TermLink} session=${session} term=${x.term} />`, aria: x.term,
        value: x.g2, text: `G² ${fix(x.g2, 1)}`, cls: 'bad' }))} />` : html`<p class="muted">${t('rep.noRising')}</p>`}
      columns=${[t('rep.term'), t('rep.now'), t('rep.before'), t('rep.ratio'), 'G²']}
      rows=${data.rising.map((x) => [x.term, x.now, x.baseline, fix(x.ratio, 1), fix(x.g2, 1)])} />`;
}

// The comments of the satisfaction page's period: searchable by those who may read them.
export function Comments({ session, office, period, service }) {
  const [search, setSearch] = useState('');
  const [asked, setAsked] = useState('');
  const [page, setPage] = useState(1);
  const { data, error } = useLoad(() => api('GET', `/api/v1/reports/comments${query({ office, survey: 'standard-satisfaction', service, q: asked, page, limit: 10,
    ...periodParams(period) })}`), [office, period, service, asked, page]);
  const ask = (term) => { setSearch(term); setAsked(term); setPage(1); };
  return html`<section class="panel comments" id="satisfaction-comments">
    <header><h3>${t('rep.comments')}</h3>${data ? html`<span class="muted">${t('rep.commentCount', { n: data.total })}</span>` : null}</header>
    ${data && data.textsShown ? html`<form class="comment-search" onSubmit=${(e) => { e.preventDefault(); ask(search.trim()); }}>
      <input type="search" name="comment-q" lang="th" value=${search} placeholder=${t('rep.searchComments')}
        onInput=${(e) => setSearch(e.currentTarget.value)} />
      <button type="submit">${t('search')}</button>
      ${asked ? html`<button type="button" onClick=${() => ask('')}>${t('clear')}</button>` : null}</form>` : null}
    <${ErrorLine} error=${error} />
    ${!data ? html`<${Loading} />` : html`
      ${data.keywords.length ? html`<p class="keywords">${t('rep.keywords')}: ${data.keywords.slice(0, 12).map((k) => (data.textsShown
        ? html`<button type="button" class="chip" onClick=${() => ask(k.term)}>${k.term} <small>${k.texts}</small></button>`
        : html`<span class="chip">${k.term} <small>${k.texts}</small></span>`))}</p>` : null}
      ${!data.textsShown ? html`<p class="muted">${t('rep.commentsHidden')}</p>` : null}
      ${data.textsShown ? html`<ul class="comment-list">${data.comments.map((c) => html`<li>
        <div class="comment-text">${c.text}</div>
        <div class="muted comment-meta">${day(c.at)}${c.service ? ` · ${c.service}` : ''}
          ${c.terms.slice(0, 6).map((term) => html` <button type="button" class="chip small" onClick=${() => ask(term)}>${term}</button>`)}</div>
      </li>`)}</ul>` : null}
      ${data.total === 0 ? html`<p class="muted">${t('none')}</p>` : null}
      ${data.textsShown ? html`<${Pager} page=${data.page} pages=${data.pages} go=${setPage} />` : null}`}
  </section>`;
}
