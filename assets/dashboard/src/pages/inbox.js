// The inbox: new cases, cases due soon and overdue ones, oldest first.
import { api, query } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { CaseTable, ErrorLine, Loading, useLoad } from '../ui.js';
import { LandingAlerts } from './reports.js';

export function Inbox({ session }) {
  const { data, error } = useLoad(() => api('GET', `/api/v1/inbox${query({ office: session.role === 'admin' ? '' : session.office })}`), []);
  if (error) return html`<${ErrorLine} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  const c = data.counts || {};
  const part = (key, list, cls) => html`<section class=${`inbox-part ${cls}`}>
    <h2>${t(`inbox.${key}`)} <span class="count">${c[key] ?? list.length}</span></h2>
    <${CaseTable} cases=${list} /></section>`;
  return html`<div class="inbox">
    <${LandingAlerts} session=${session} />
    <div class="counts">
      <a class="count-card new" href="#/cases?state=received"><b>${c.new ?? 0}</b>${t('inbox.new')}</a>
      <a class="count-card soon" href="#/cases?due=soon"><b>${c.dueSoon ?? 0}</b>${t('inbox.dueSoon')}</a>
      <a class="count-card over" href="#/cases?due=overdue"><b>${c.overdue ?? 0}</b>${t('inbox.overdue')}</a>
      <a class="count-card open" href="#/cases"><b>${c.open ?? 0}</b>${t('inbox.open')}</a>
    </div>
    ${part('overdue', data.overdue || [], 'over')}
    ${part('dueSoon', data.dueSoon || [], 'soon')}
    ${part('new', data.new || [], 'new')}
  </div>`;
}
