// The audit log, newest first, a page at a time (?before= the last id seen).
import { api, query } from '../api.js';
import { html } from '../html.js';
import { t, when } from '../i18n.js';
import { ErrorLine, Loading, useLoad } from '../ui.js';

const short = (value) => (value === null || value === undefined ? '—' : JSON.stringify(value));

export function Audit({ query: asked, go }) {
  const before = asked.before || '';
  const { data, error } = useLoad(() => api('GET', `/api/v1/audit${query({ before, limit: 50 })}`), [before]);
  if (error) return html`<${ErrorLine} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  return html`<div class="audit">
    <table class="audit-table">
      <thead><tr><th>${t('audit.at')}</th><th>${t('audit.actor')}</th><th>${t('audit.action')}</th>
        <th>${t('audit.subject')}</th><th>${t('audit.change')}</th><th>${t('audit.address')}</th></tr></thead>
      <tbody>${data.entries.map((e) => html`<tr key=${e.id}>
        <td data-label=${t('audit.at')}>${when(e.at)}</td><td data-label=${t('audit.actor')}>${e.actor || '—'}</td>
        <td data-label=${t('audit.action')} class="action">${e.action}</td><td data-label=${t('audit.subject')}>${e.subject}</td>
        <td data-label=${t('audit.change')} class="change"><code>${short(e.before)}</code> → <code>${short(e.after)}</code></td>
        <td data-label=${t('audit.address')}>${e.address || '—'}</td>
      </tr>`)}</tbody>
    </table>
    <nav class="pager">
      <button type="button" disabled=${!before} onClick=${() => go('/audit')}>« ${t('audit.newest')}</button>
      <button type="button" disabled=${!data.next} onClick=${() => go(`/audit${query({ before: data.next })}`)}>${t('audit.older')} ›</button>
    </nav>
  </div>`;
}
