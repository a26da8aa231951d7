// Pieces every page uses: loading what a page shows, errors in words,
// badges, paging.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { t, pick, when } from './i18n.js';

// Runs `load` when `deps` change; {data, error, reload}.
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: undefined, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ data: s.data, error: null }));
    load().then((data) => live && setState({ data, error: null }),
      (error) => live && setState({ data: undefined, error }));
    return () => { live = false; };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

// An error from the API: the Thai/English words for its code, and the hub's
// own message (plain English naming the field) beneath.
export function ErrorLine({ error }) {
  if (!error) return null;
  const code = error.code || 'internal';
  const words = t(`err.${code}`);
  return html`<div class="error" role="alert">
    <strong>${words === `err.${code}` ? t('err.internal') : words}</strong>
    ${error.message && error.code !== 'wrong-login' ? html`<div class="detail">${error.message}</div>` : null}
  </div>`;
}

export const Loading = () => html`<p class="muted">${t('loading')}</p>`;

export function StateBadge({ state, name }) {
  return html`<span class=${`badge state-${state}`}>${pick(name, state)}</span>`;
}
export function DueBadge({ due }) {
  return due ? html`<span class=${`badge due-${due}`}>${t(`due.${due}`)}</span>` : null;
}

export function Pager({ page, pages, go }) {
  if (!pages || pages <= 1) return null;
  return html`<nav class="pager">
    <button type="button" disabled=${page <= 1} onClick=${() => go(page - 1)}>‹ ${t('prev')}</button>
    <span>${t('page')} ${page} ${t('of')} ${pages}</span>
    <button type="button" disabled=${page >= pages} onClick=${() => go(page + 1)}>${t('next')} ›</button>
  </nav>`;
}

// A list of case summaries: a table on a desk, cards on a phone (CSS).
export function CaseTable({ cases }) {
  if (!cases || cases.length === 0) return html`<p class="muted">${t('none')}</p>`;
  return html`<table class="cases">
    <thead><tr>
      <th>${t('case.ticket')}</th><th>${t('case.state')}</th><th>${t('case.category')}</th>
      <th>${t('case.text')}</th><th>${t('case.village')}</th><th>${t('case.unit')}</th>
      <th>${t('case.filed')}</th><th>${t('case.due')}</th>
    </tr></thead>
    <tbody>${cases.map((c) => html`<tr key=${c.ticket}>
      <td data-label=${t('case.ticket')}><a href=${`#/case/${encodeURIComponent(c.ticket)}`}>${c.ticket}</a></td>
      <td data-label=${t('case.state')}><${StateBadge} state=${c.state} name=${c.stateName} /></td>
      <td data-label=${t('case.category')}>${pick(c.categoryName, c.category)}</td>
      <td data-label=${t('case.text')} class="excerpt">${c.hidden || c.excerpt === null
        ? html`<em class="muted">${t('case.hidden')}</em>` : c.excerpt}</td>
      <td data-label=${t('case.village')}>${c.village}</td>
      <td data-label=${t('case.unit')}>${c.unit || '—'}${c.officer ? ` · ${c.officer}` : ''}</td>
      <td data-label=${t('case.filed')}>${when(c.filedAt)}</td>
      <td data-label=${t('case.due')}>${when(c.dueAt)} <${DueBadge} due=${c.due} /></td>
    </tr>`)}</tbody>
  </table>`;
}
