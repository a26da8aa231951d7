// Content: what an office's kiosks receive (its version and files), and for
// an admin, new content to publish for one office or every office. The hub
// checks each file as a kiosk would and names what is wrong; nothing is
// published until every file passes (docs/API.md, "Content").
import { useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { html } from '../html.js';
import { t, when } from '../i18n.js';
import { ErrorLine, Loading, useLoad } from '../ui.js';

// The name a chosen file travels as: the catalogue and the announcements at
// the top, every other file a survey.
const bundleName = (file) =>
  file.name === 'catalogue.json' || file.name === 'announcements.json' ? file.name : `surveys/${file.name}`;

function Publish({ office, onPublished }) {
  const [files, setFiles] = useState([]);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const form = e.currentTarget;  // gone from the event once it has been awaited
    setError(null);
    setBusy(true);
    try {
      const texts = {};
      for (const f of files) texts[bundleName(f)] = await f.text();
      const done = await api('POST', `/api/v1/content${query({ office })}`, { files: texts });
      setFiles([]);
      form.reset();
      onPublished(done.version);
    } catch (err) { setError(err); }
    setBusy(false);
  };
  return html`<form class="panel publish" onSubmit=${submit}>
    <h3>${t('content.publish')}</h3>
    <p class="muted">${t('content.hint')}</p>
    <input type="file" name="files" multiple accept=".json,application/json" required
      onChange=${(e) => setFiles([...e.currentTarget.files])} />
    ${files.length ? html`<ul class="files">${files.map((f) => html`<li key=${f.name}>${bundleName(f)}</li>`)}</ul>` : null}
    <${ErrorLine} error=${error} />
    <button type="submit" class="primary" disabled=${busy || !files.length}>${t('content.publish')}</button>
  </form>`;
}

export function Content({ session }) {
  const admin = session.role === 'admin';
  const [office, setOffice] = useState(session.office);
  const [message, setMessage] = useState('');
  const current = useLoad(() => api('GET', `/api/v1/content${query({ office })}`), [office]);
  return html`<div class="content-page">
    ${admin ? html`<label class="office-pick">${t('content.office')}
      <input name="office" value=${office} placeholder=${t('content.everyOffice')}
        onChange=${(e) => setOffice(e.currentTarget.value.trim())} /></label>` : null}
    ${message ? html`<div class="notice" role="status">${message}</div>` : null}
    <${ErrorLine} error=${current.error} />
    ${!current.data ? (current.error ? null : html`<${Loading} />`) : html`<div class="panel current">
      <h3>${current.data.version ? t('content.version', { v: current.data.version }) : t('content.nothing')}</h3>
      ${current.data.publishedAt ? html`<p class="muted">${t('content.publishedAt')} ${when(current.data.publishedAt)}</p>` : null}
      <table class="files-table"><thead><tr><th>${t('content.file')}</th><th>${t('content.bytes')}</th></tr></thead>
        <tbody>${current.data.files.map((f) => html`<tr key=${f.name}>
          <td data-label=${t('content.file')}>${f.name}</td>
          <td data-label=${t('content.bytes')}>${f.bytes.toLocaleString()}</td></tr>`)}</tbody></table>
    </div>`}
    ${admin ? html`<${Publish} office=${office} onPublished=${(v) => {
      setMessage(t('content.published', { v })); current.reload();
    }} />` : null}
  </div>`;
}
