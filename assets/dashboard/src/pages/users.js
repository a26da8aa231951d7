// Accounts: everyone who may list them sees them; admins add, disable and
// reset. A generated password is shown once, as the hub answers it.
import { useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { ErrorLine, Loading, useLoad } from '../ui.js';

const kRoles = ['officer', 'supervisor', 'viewer', 'admin'];

function AddUser({ session, units, onAdded }) {
  const empty = { username: '', displayName: '', role: 'officer', office: session.office, unit: '', password: '' };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState(null);
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    const body = { username: form.username.trim(), displayName: form.displayName.trim(), role: form.role, office: form.office.trim() };
    if (form.role === 'officer') body.unit = form.unit;
    if (form.password) body.password = form.password;
    try {
      setError(null);
      const added = await api('POST', '/api/v1/users', body);
      setForm(empty);
      onAdded(added);
    } catch (err) { setError(err); }
  };
  return html`<form class="panel add-user" onSubmit=${submit}>
    <h3>${t('user.add')}</h3>
    <div class="form-grid">
      <label>${t('user.user')}<input name="username" required autocapitalize="none" value=${form.username} onInput=${set('username')} /></label>
      <label>${t('user.name')}<input name="displayName" required value=${form.displayName} onInput=${set('displayName')} /></label>
      <label>${t('user.role')}<select name="role" value=${form.role} onChange=${set('role')}>
        ${kRoles.map((r) => html`<option key=${r} value=${r}>${t(`role.${r}`)}</option>`)}</select></label>
      <label>${t('user.office')}<input name="office" required value=${form.office} onInput=${set('office')} /></label>
      ${form.role === 'officer' ? html`<label>${t('user.unit')}<select name="unit" required value=${form.unit} onChange=${set('unit')}>
        <option value="">—</option>
        ${units.filter((u) => u.office === form.office).map((u) => html`<option key=${u.code} value=${u.code}>${u.nameTh} · ${u.nameEn}</option>`)}
      </select></label>` : null}
      <label>${t('user.password')}<input name="password" type="password" autocomplete="new-password" value=${form.password} onInput=${set('password')} /></label>
    </div>
    <${ErrorLine} error=${error} />
    <button type="submit" class="primary">${t('user.add')}</button>
  </form>`;
}

export function Users({ session }) {
  const office = session.role === 'admin' ? '' : session.office;
  const list = useLoad(() => api('GET', `/api/v1/users${query({ office })}`), []);
  const units = useLoad(() => api('GET', `/api/v1/units${query({ office })}`), []);
  const [message, setMessage] = useState(null);  // {text, password?}
  const [error, setError] = useState(null);
  const admin = session.role === 'admin';
  const act = async (u, what) => {
    if (what === 'disable' && !confirm(t('user.confirmDisable', { u: u.user }))) return;
    try {
      setError(null);
      const done = await api('POST', `/api/v1/users/${encodeURIComponent(u.user)}/${what}`, {});
      setMessage(done.password ? { text: t('user.newPassword', { u: u.user }), password: done.password } : null);
      list.reload();
    } catch (err) { setError(err); }
  };
  return html`<div class="users">
    ${message ? html`<div class="notice" role="status">${message.text} ${message.password ? html`<code class="password">${message.password}</code>` : null}</div>` : null}
    <${ErrorLine} error=${error || list.error} />
    ${!list.data ? (list.error ? null : html`<${Loading} />`) : html`<table class="users-table">
      <thead><tr><th>${t('user.user')}</th><th>${t('user.name')}</th><th>${t('user.role')}</th><th>${t('user.office')}</th>
        <th>${t('user.unit')}</th><th>${t('user.state')}</th>${admin ? html`<th></th>` : null}</tr></thead>
      <tbody>${list.data.map((u) => html`<tr key=${u.user} class=${u.disabled ? 'disabled' : ''}>
        <td data-label=${t('user.user')}>${u.user}</td><td data-label=${t('user.name')}>${u.displayName}</td>
        <td data-label=${t('user.role')}>${t(`role.${u.role}`)}</td><td data-label=${t('user.office')}>${u.office}</td>
        <td data-label=${t('user.unit')}>${u.unit || '—'}</td>
        <td data-label=${t('user.state')}>${u.disabled ? t('user.disabled') : t('user.enabled')}</td>
        ${admin ? html`<td class="actions">
          ${!u.disabled && u.user !== session.user ? html`<button type="button" onClick=${() => act(u, 'disable')}>${t('user.disable')}</button>` : null}
          <button type="button" onClick=${() => act(u, 'reset')}>${t('user.reset')}</button></td>` : null}
      </tr>`)}</tbody></table>`}
    ${admin ? html`<${AddUser} session=${session} units=${units.data || []} onAdded=${(a) => {
      setMessage({ text: t('user.added', { u: a.user }), password: a.password }); list.reload();
    }} />` : null}
  </div>`;
}
