// Every case the officer may see, filtered and paged; the filters live in
// the URL so a list can be bookmarked or sent to a colleague.
import { useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { html } from '../html.js';
import { pick, t } from '../i18n.js';
import { CaseTable, ErrorLine, Loading, Pager, useLoad } from '../ui.js';

export const kStates = ['received', 'accepted', 'in_progress', 'resolved', 'closed', 'forwarded', 'not_ours',
  'duplicate', 'rejected'];
const kFilters = ['state', 'category', 'unit', 'village', 'from', 'to', 'q', 'due'];

// A yyyy-mm-dd field as ms since the epoch (local midnight; `to` takes the whole day).
const dayMs = (text, end) => (text ? new Date(`${text}T00:00:00`).getTime() + (end ? 86400000 - 1 : 0) : '');

export function Cases({ session, query: asked, go }) {
  const office = session.role === 'admin' ? '' : session.office;
  const [form, setForm] = useState(() => Object.fromEntries(kFilters.map((k) => [k, asked[k] || ''])));
  const page = Number(asked.page) || 1;
  const key = JSON.stringify(asked);
  const list = useLoad(() => api('GET', `/api/v1/cases${query({
    office, state: asked.state, category: asked.category, unit: asked.unit, village: asked.village,
    from: dayMs(asked.from, false), to: dayMs(asked.to, true), q: asked.q, due: asked.due, page, limit: 25,
  })}`), [key]);
  const units = useLoad(() => api('GET', `/api/v1/units${query({ office })}`), []);
  const categories = useLoad(() => api('GET', `/api/v1/categories${query({ office: office || session.office })}`), []);

  const apply = (next) => go(`/cases${query(next)}`);
  const submit = (e) => { e.preventDefault(); apply({ ...form, page: '' }); };
  const field = (name) => ({ value: form[name], onInput: (e) => setForm({ ...form, [name]: e.currentTarget.value }) });
  const data = list.data;
  return html`<div class="cases-page">
    <form class="filters" onSubmit=${submit}>
      <label>${t('filter.q')}<input type="search" name="q" lang="th" ...${field('q')} /></label>
      <label>${t('case.state')}<select name="state" ...${field('state')}>
        <option value="">${t('all')}</option>
        ${kStates.map((s) => html`<option key=${s} value=${s}>${t(`state.${s}`)}</option>`)}
      </select></label>
      <label>${t('case.category')}<select name="category" ...${field('category')}>
        <option value="">${t('all')}</option>
        ${(categories.data || []).map((c) => html`<option key=${c.id} value=${c.id}>${pick(c.name, c.id)}</option>`)}
      </select></label>
      <label>${t('case.unit')}<select name="unit" ...${field('unit')}>
        <option value="">${t('all')}</option>
        ${(units.data || []).map((u) => html`<option key=${u.office + u.code} value=${u.code}>${t('lang.name') === 'ไทย' ? u.nameTh : u.nameEn || u.nameTh}</option>`)}
      </select></label>
      <label>${t('case.village')}<input name="village" ...${field('village')} /></label>
      <label>${t('filter.from')}<input type="date" name="from" ...${field('from')} /></label>
      <label>${t('filter.to')}<input type="date" name="to" ...${field('to')} /></label>
      <label>${t('filter.due')}<select name="due" ...${field('due')}>
        <option value="">${t('all')}</option>
        <option value="soon">${t('due.due-soon')}</option><option value="overdue">${t('due.overdue')}</option>
      </select></label>
      <div class="filter-buttons">
        <button type="submit" class="primary">${t('search')}</button>
        <button type="button" onClick=${() => { setForm(Object.fromEntries(kFilters.map((k) => [k, '']))); apply({}); }}>${t('clear')}</button>
      </div>
    </form>
    <${ErrorLine} error=${list.error} />
    ${data ? html`<p class="total">${t('cases.total', { n: data.total })}</p>
      ${data.total === 0 ? html`<p class="muted">${t('cases.none')}</p>` : html`<${CaseTable} cases=${data.cases} />`}
      <${Pager} page=${data.page} pages=${data.pages} go=${(p) => apply({ ...asked, page: p })} />`
    : list.error ? null : html`<${Loading} />`}
  </div>`;
}
