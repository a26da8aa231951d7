// Sign-in: the hub's answer in words (wrong password, locked), never which
// usernames exist.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { html } from '../html.js';
import { t } from '../i18n.js';
import { ErrorLine } from '../ui.js';

export function Login({ notice, onSignedIn, onLang }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api('POST', '/api/v1/session', { username, password });
      setPassword('');
      onSignedIn(session);
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="login-page">
    <form class="login" onSubmit=${submit}>
      <div class="login-head">
        <img src="/static/icon.svg" alt="" width="40" height="40" />
        <div><h1>${t('app')}</h1><p class="muted">${t('hub')}</p></div>
        <button type="button" class="lang" onClick=${onLang}>${t('lang.switch')}</button>
      </div>
      <h2>${t('login.title')}</h2>
      ${notice ? html`<p class="notice">${notice}</p>` : null}
      <label>${t('login.user')}
        <input name="username" autocomplete="username" autocapitalize="none" required value=${username}
          onInput=${(e) => setUsername(e.currentTarget.value)} /></label>
      <label>${t('login.password')}
        <input name="password" type="password" autocomplete="current-password" required value=${password}
          onInput=${(e) => setPassword(e.currentTarget.value)} /></label>
      <${ErrorLine} error=${error} />
      <button type="submit" class="primary" disabled=${busy}>${busy ? t('login.busy') : t('login.submit')}</button>
    </form>
  </div>`;
}
