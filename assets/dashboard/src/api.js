// The hub's /api/v1 (docs/API.md): JSON both ways, the session's CSRF token
// on every request that changes something, and a 401 sends the page back to
// the sign-in.
let csrf = '';
let onSignedOut = () => {};

export const setCsrf = (token) => { csrf = token || ''; };
export const whenSignedOut = (fn) => { onSignedOut = fn; };

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code);
    this.status = status;
    this.code = code;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  let data = null;
  try { data = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) {
    const code = (data && data.error) || 'internal';
    // A sign-in that fails is the sign-in page's to show.
    if (res.status === 401 && !(method === 'POST' && path === '/api/v1/session')) onSignedOut();
    throw new ApiError(res.status, code, data && data.message);
  }
  return data;
}

// "?a=1&b=x" from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
