// The office's kiosks and field terminals: when each last pushed, how many
// records the hub holds, whether it is revoked, and the tamper evidence the
// hub recorded for it (gaps, broken chains, conflicts).
import { api, query } from '../api.js';
import { html } from '../html.js';
import { t, when } from '../i18n.js';
import { ErrorLine, Loading, useLoad } from '../ui.js';

export function Devices({ session }) {
  const { data, error } = useLoad(() => api('GET', `/api/v1/devices${query({ office: session.role === 'admin' ? '' : session.office })}`), []);
  if (error) return html`<${ErrorLine} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  if (!data.length) return html`<p class="muted">${t('none')}</p>`;
  return html`<div class="devices">${data.map((d) => html`<section key=${d.device} class=${`panel device${d.revoked ? ' revoked' : ''}${(d.incidents || []).length ? ' troubled' : ''}`}>
    <h2>${t('dev.number')} ${d.number} · ${d.label || '—'}
      <span class=${d.revoked ? 'badge bad' : 'badge ok'}>${d.revoked ? t('dev.revoked') : t('dev.active')}</span></h2>
    <dl class="facts">
      <dt>${t('dev.office')}</dt><dd>${d.office}</dd>
      <dt>${t('dev.lastPush')}</dt><dd>${d.lastPushAt ? when(d.lastPushAt) : t('dev.never')}</dd>
      <dt>${t('dev.held')}</dt><dd>${d.held}</dd>
      <dt>${t('dev.enrolled')}</dt><dd>${when(d.enrolledAt)}</dd>
      <dt>${t('dev.key')}</dt><dd class="key">${d.device}</dd>
    </dl>
    <h3>${t('dev.incidents')} (${(d.incidents || []).length})</h3>
    ${(d.incidents || []).length === 0 ? html`<p class="muted">${t('dev.noIncidents')}</p>`
    : html`<ul class="incidents">${d.incidents.map((i) => html`<li key=${i.id} class=${`inc-${i.kind}`}>
        <b>${t(`inc.${i.kind}`)}</b> · ${t('case.sequence')} ${i.sequence} · <span class="muted">${when(i.at)}</span>
        <div class="detail">${i.detail}</div></li>`)}</ul>`}
  </section>`)}</div>`;
}
