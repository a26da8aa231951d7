// One case: what the citizen filed and where, the device and its signature,
// every change so far, and what this officer may do next.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { html } from '../html.js';
import { pick, t, when } from '../i18n.js';
import { DueBadge, ErrorLine, Loading, StateBadge, useLoad } from '../ui.js';

const path = (ticket, tail = '') => `/api/v1/cases/${encodeURIComponent(ticket)}${tail}`;

function Facts({ c }) {
  const rec = c.record || {};
  const dev = c.device || {};
  return html`<dl class="facts">
    <dt>${t('case.category')}</dt><dd>${pick(c.categoryName, c.category)}</dd>
    <dt>${t('case.village')}</dt><dd>${c.village || '—'}</dd>
    <dt>${t('case.landmark')}</dt><dd>${c.landmark || '—'}</dd>
    <dt>${t('case.filed')}</dt><dd>${when(c.filedAt)}</dd>
    <dt>${t('case.due')}</dt><dd>${when(c.dueAt)} <${DueBadge} due=${c.due} /></dd>
    <dt>${t('case.unit')}</dt><dd>${c.unit || '—'}${c.officer ? ` · ${c.officer}` : ''}</dd>
    <dt>${t('case.device')}</dt><dd>${`${dev.label || '—'} (${t('dev.number')} ${dev.number ?? '—'}), ${t('case.sequence')} ${rec.sequence ?? '—'}`}</dd>
    <dt>${t('case.created')}</dt><dd>${when(rec.createdAt)}</dd>
    <dt>${t('case.received')}</dt><dd>${when(rec.receivedAt)}</dd>
    ${c.forwardedTo ? html`<dt>${t('case.forwardedTo')}</dt><dd>${c.forwardedTo}</dd>` : null}
    ${c.duplicateOf ? html`<dt>${t('case.duplicateOf')}</dt>
      <dd><a href=${`#/case/${encodeURIComponent(c.duplicateOf)}`}>${c.duplicateOf}</a></dd>` : null}
  </dl>`;
}

function Signature({ record }) {
  if (!record) return null;
  return html`<div class=${record.verified ? 'signature ok' : 'signature bad'}>
    <span class="badge">${record.verified ? `✔ ${t('case.verified')}` : `✖ ${t('case.unverified')}`}</span>
    <span class="means">${pick(record.verifiedMeans)}</span>
  </div>`;
}

function Timeline({ items }) {
  return html`<ol class="timeline">${(items || []).map((e) => html`<li key=${e.id} class=${`tl-${e.kind}${e.internal ? ' internal' : ''}`}>
    <div class="tl-head"><b>${t(`kind.${e.kind}`)}</b>
      ${e.kind === 'state' ? html` ${t(`state.${e.from}`)} → ${t(`state.${e.to}`)}` : null}
      ${e.internal ? html` <span class="badge internal">${t('case.internal')}</span>` : null}
      <span class="muted"> · ${when(e.at)} · ${e.actor || '—'}</span></div>
    ${e.unit || e.officer ? html`<div class="muted">${t('case.unit')}: ${e.unit || '—'}${e.officer ? ` · ${e.officer}` : ''}</div>` : null}
    ${e.text ? html`<p class="tl-text">${e.text}</p>` : null}
  </li>`)}</ol>`;
}

function ChangeState({ c, session, onDone }) {
  const [to, setTo] = useState('');
  const [form, setForm] = useState({ unit: c.unit || '', officer: c.officer || '', reply: '', forwardedTo: '', duplicateOf: '' });
  const [error, setError] = useState(null);
  const move = (c.next || []).find((m) => m.state === to);
  const needs = move ? move.needs || [] : [];
  const units = useLoad(() => api('GET', `/api/v1/units${query({ office: c.office })}`), [c.office]);
  const people = useLoad(() => (session.role === 'officer' ? Promise.resolve([])
    : api('GET', `/api/v1/users${query({ office: c.office })}`)), [c.office]);

  // The reply starts as the office's template for this category and state.
  useEffect(() => {
    if (!to) return;
    let live = true;
    api('GET', `/api/v1/templates${query({ office: c.office, category: c.category, state: to })}`).then((list) => {
      const tpl = (list || [])[0];
      if (live && tpl) setForm((f) => ({ ...f, reply: pick(tpl) }));
    }, () => {});
    return () => { live = false; };
  }, [to]);

  const submit = async (e) => {
    e.preventDefault();
    const body = { to };
    for (const k of ['unit', 'officer', 'forwardedTo', 'duplicateOf']) if (needs.includes(k)) body[k] = form[k].trim();
    if (needs.includes('reply') || form.reply.trim()) body.reply = form.reply.trim();
    try {
      setError(null);
      onDone(await api('POST', path(c.ticket, '/state'), body));
      setTo('');
      setForm((f) => ({ ...f, reply: '' }));
    } catch (err) { setError(err); }
  };
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  if (!c.canChange || !(c.next || []).length) return null;
  const officers = (people.data || []).filter((p) => !p.disabled && (!form.unit || p.unit === form.unit));
  return html`<form class="change panel" onSubmit=${submit}>
    <h3>${t('case.change')}</h3>
    <label>${t('case.to')}<select name="to" value=${to} onChange=${(e) => setTo(e.currentTarget.value)} required>
      <option value="">—</option>
      ${c.next.map((m) => html`<option key=${m.state} value=${m.state}>${pick(m.name, m.state)}</option>`)}
    </select></label>
    ${needs.includes('unit') ? html`<label>${t('case.unit')}<select name="unit" value=${form.unit} onChange=${set('unit')} required>
      <option value="">—</option>
      ${(units.data || []).map((u) => html`<option key=${u.code} value=${u.code}>${pick({ th: u.nameTh, en: u.nameEn }, u.code)}</option>`)}
    </select></label>` : null}
    ${needs.includes('officer') ? html`<label>${t('case.officer')}<input name="officer" list="officers" value=${form.officer}
      onInput=${set('officer')} required autocapitalize="none" />
      <datalist id="officers">${officers.map((p) => html`<option key=${p.user} value=${p.user}>${p.displayName}</option>`)}</datalist></label>` : null}
    ${needs.includes('forwardedTo') ? html`<label>${t('case.forwardedTo')}<input name="forwardedTo" value=${form.forwardedTo} onInput=${set('forwardedTo')} required /></label>` : null}
    ${needs.includes('duplicateOf') ? html`<label>${t('case.duplicateOf')}<input name="duplicateOf" value=${form.duplicateOf} onInput=${set('duplicateOf')} required /></label>` : null}
    ${to ? html`<label>${t('case.reply')}<textarea name="reply" rows="4" maxlength="2000" value=${form.reply} onInput=${set('reply')}
      required=${needs.includes('reply')}></textarea><small class="muted">${t('case.replyHint')}</small></label>` : null}
    <${ErrorLine} error=${error} />
    <button type="submit" class="primary" disabled=${!to}>${t('case.apply')}</button>
  </form>`;
}

function Notes({ c, onDone }) {
  const [text, setText] = useState('');
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    try { setError(null); onDone(await api('POST', path(c.ticket, '/notes'), { text: text.trim() })); setText(''); } catch (err) { setError(err); }
  };
  return html`<form class="notes panel" onSubmit=${submit}>
    <h3>${t('case.notes')}</h3><p class="muted">${t('case.noteHint')}</p>
    <textarea name="note" rows="3" maxlength="2000" value=${text} onInput=${(e) => setText(e.currentTarget.value)} required></textarea>
    <${ErrorLine} error=${error} />
    <button type="submit">${t('case.addNote')}</button>
  </form>`;
}

function Contact({ c }) {
  const [contact, setContact] = useState(null);
  const [error, setError] = useState(null);
  if (!c.canShowContact || !c.hasContact) return null;
  const open = async () => {
    try { setError(null); setContact(await api('POST', path(c.ticket, '/contact'), {})); } catch (err) { setError(err); }
  };
  return html`<div class="contact panel">
    ${contact ? html`<dl class="facts">
      <dt>${t('case.name')}</dt><dd>${contact.name || '—'}</dd>
      <dt>${t('case.phone')}</dt><dd>${contact.phone || '—'}</dd>
      <dt>${t('case.address')}</dt><dd>${contact.address || '—'}</dd></dl>`
    : html`<button type="button" onClick=${open}>${t('case.showContact')}</button>`}
    <small class="muted">${t('case.contactAudited')}</small>
    <${ErrorLine} error=${error} />
  </div>`;
}

function Moderation({ c, onDone }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  if (!c.canModerate) return null;
  const send = async (hidden) => {
    try {
      setError(null);
      onDone(await api('POST', path(c.ticket, '/moderation'), hidden ? { hidden, reason: reason.trim() } : { hidden }));
    } catch (err) { setError(err); }
  };
  return html`<div class="moderation panel">
    ${c.hidden ? html`<button type="button" onClick=${() => send(false)}>${t('case.show')}</button>`
    : html`<label>${t('case.hideReason')}<input name="reason" value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} /></label>
      <button type="button" disabled=${!reason.trim()} onClick=${() => send(true)}>${t('case.hide')}</button>`}
    <${ErrorLine} error=${error} />
  </div>`;
}

export function CasePage({ ticket, session }) {
  const loaded = useLoad(() => api('GET', path(ticket)), [ticket]);
  const [shown, setShown] = useState(null);
  useEffect(() => setShown(null), [ticket]);
  const c = shown && shown.ticket === ticket ? shown : loaded.data;
  if (loaded.error) return html`<${ErrorLine} error=${loaded.error} />`;
  if (!c) return html`<${Loading} />`;
  return html`<article class="case">
    <p><a href="#/cases">‹ ${t('case.back')}</a></p>
    <header class="case-head">
      <h1>${t('case.ticket')} <span class="ticket">${c.ticket}</span></h1>
      <${StateBadge} state=${c.state} name=${c.stateName} /> <${DueBadge} due=${c.due} />
      ${c.anonymous ? html`<span class="badge">${t('case.anonymous')}</span>` : null}
    </header>
    <${Signature} record=${c.record} />
    <div class="case-grid">
      <section class="case-main">
        <div class="panel text">
          <h3>${t('case.text')}</h3>
          ${c.hidden || c.text === null ? html`<p class="muted"><em>${t('case.hidden')}</em>${c.hiddenReason ? ` — ${c.hiddenReason}` : ''}</p>`
          : html`<p class="complaint-text" lang="th">${c.text}</p>`}
        </div>
        ${c.reply ? html`<div class="panel reply"><h3>${t('case.lastReply')}</h3><p class="reply-text">${c.reply}</p></div>` : null}
        <${ChangeState} c=${c} session=${session} onDone=${setShown} key=${`${c.ticket}-${c.state}`} />
        <${Notes} c=${c} onDone=${setShown} />
        <section class="panel"><h3>${t('case.timeline')}</h3><${Timeline} items=${c.timeline} /></section>
      </section>
      <aside class="case-side">
        <div class="panel"><${Facts} c=${c} /></div>
        <${Contact} c=${c} />
        <${Moderation} c=${c} onDone=${setShown} />
      </aside>
    </div>
  </article>`;
}
