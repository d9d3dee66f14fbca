// Calls to the gateway (same origin): sign-in at the Identity service by the OpenID Connect authorization
// code flow with PKCE, the access token kept fresh with the refresh token, problem details turned into ApiError.
import { t, language } from './i18n.js';
import { sha256 } from './sha256.js';

const SESSION = 'ipx.session';
const PENDING = 'ipx.signin';
const CLIENT_ID = 'ipx-web';
const SCOPE = 'openid profile offline_access ipexchange';

export function session() {
  try { return JSON.parse(sessionStorage.getItem(SESSION) ?? 'null'); } catch { return null; }
}

export const callbackUri = () => `${location.origin}/signin-callback`;

const base64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomText = (n) => base64url(crypto.getRandomValues(new Uint8Array(n)));

/** The claims of a JWT (read, not verified: the browser only shows them; every service verifies the token). */
export function claims(jwt) {
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(part + '==='.slice((part.length + 3) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
}

/**
 * Sends the browser to the Identity service's authorization endpoint (through the gateway). It comes back
 * to /signin-callback with a code that only this tab's verifier redeems (PKCE, S256).
 */
export async function startSignIn(next = '/', loginHint = undefined) {
  const verifier = randomText(32);
  const state = randomText(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, next }));
  const params = new URLSearchParams({
    client_id: CLIENT_ID, redirect_uri: callbackUri(), response_type: 'code', scope: SCOPE, state,
    code_challenge: base64url(await sha256(verifier)), code_challenge_method: 'S256', ui_locales: language() === 'en' ? 'en' : 'zh-CN',
  });
  if (loginHint) params.set('login_hint', loginHint);
  location.assign(`/connect/authorize?${params}`);
}

async function tokenRequest(fields) {
  let response;
  try {
    response = await fetch('/connect/token', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ client_id: CLIENT_ID, ...fields }),
    });
  } catch {
    throw new ApiError(0, { text: t('error.network') });
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, { text: t('login.signInFailed') });
  return body;
}

function keep(tokens, previous) {
  const c = claims(tokens.access_token);
  const value = {
    token: tokens.access_token,
    refreshToken: tokens.refresh_token ?? previous?.refreshToken,
    idToken: tokens.id_token ?? previous?.idToken,
    expiresAt: Date.now() + tokens.expires_in * 1000,
    user: {
      id: c.sub, name: c.name, userName: c.preferred_username, organisationId: c.org, organisationName: c.org_name,
      organisationKind: c.org_kind, role: c.role, organisationRoles: [].concat(c.org_role ?? []), group: c.group ?? null, region: c.region ?? null,
    },
  };
  sessionStorage.setItem(SESSION, JSON.stringify(value));
  return value;
}

/** Back from the authorization endpoint: checks the state, redeems the code with the verifier; returns where to go. */
export async function completeSignIn(params) {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  sessionStorage.removeItem(PENDING);
  if (params.error) throw new ApiError(400, { text: t('login.signInFailed') });
  if (!pending || !params.code || pending.state !== params.state) throw new ApiError(400, { text: t('login.stale') });
  keep(await tokenRequest({ grant_type: 'authorization_code', code: params.code, redirect_uri: callbackUri(), code_verifier: pending.verifier }));
  return pending.next && pending.next.startsWith('/') && !pending.next.startsWith('//') ? pending.next : '/';
}

let refreshing = null;

/** A new access token from the refresh token (one request at a time); null, and signed out here, when it is refused. */
export function refresh() {
  refreshing ??= (async () => {
    const current = session();
    if (!current?.refreshToken) return null;
    try {
      return keep(await tokenRequest({ grant_type: 'refresh_token', refresh_token: current.refreshToken }), current);
    } catch (error) {
      // Revoked, expired, or the organisation suspended: this session is over (a network failure is not).
      if (error.status !== 0) sessionStorage.removeItem(SESSION);
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function accessToken() {
  const current = session();
  if (!current) return null;
  if (current.expiresAt - Date.now() > 60_000) return current.token;
  return (await refresh())?.token ?? null;
}

/** Ends the session everywhere: revokes the refresh token, forgets the tokens, ends the login session at the Identity service. */
export async function signOut() {
  const current = session();
  sessionStorage.removeItem(SESSION);
  if (current?.refreshToken) {
    try {
      await fetch('/connect/revoke', {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: CLIENT_ID, token: current.refreshToken, token_type_hint: 'refresh_token' }),
      });
    } catch { /* the token expires anyway */ }
  }
  const params = new URLSearchParams({ client_id: CLIENT_ID });
  if (current?.idToken) params.set('id_token_hint', current.idToken);
  location.assign(`/connect/endsession?${params}`);
}

/** A failed call: status, the problem's title/detail/rule, and errors by field (camelCase names as the API gives them). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    this.errors = problem?.errors ?? {};
    this.rule = problem?.rule;
  }

  static async from(response) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    if (!problem) {
      const title = response.status === 503 || response.status === 502 ? t('error.unavailable')
        : response.status === 403 ? t('error.forbidden') : response.status === 404 ? t('error.notFound') : `HTTP ${response.status}`;
      problem = { title, status: response.status };
    }
    return new ApiError(response.status, problem);
  }
}

let serverOffsetMs = 0;
/** Server time now (ms), from the Date header of the last answers: countdowns follow the server's clock. */
export function serverNow() { return Date.now() + serverOffsetMs; }

function noteServerTime(response) {
  const date = response.headers.get('Date');
  if (date) {
    const offset = Date.parse(date) - Date.now();
    // The header has whole seconds: move halfway toward each new reading.
    if (!Number.isNaN(offset)) serverOffsetMs = Math.abs(offset - serverOffsetMs) > 2000 ? offset : (serverOffsetMs + offset) / 2;
  }
}

/**
 * One call. options: method, body (JSON), etag (If-None-Match), ifMatch, raw (return the Response).
 * Returns the parsed JSON (or null for 204 / 304 with notModified: true).
 */
// Calls in flight (server-sent event streams not counted): tests wait for a page to settle on it.
window.ipxPending = 0;

export async function api(path, options = {}, retried = false) {
  window.ipxPending += 1;
  try {
    return await call(path, options, retried);
  } finally {
    window.ipxPending -= 1;
  }
}

async function call(path, options, retried) {
  const token = await accessToken();
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.etag) headers['If-None-Match'] = options.etag;
  if (options.ifMatch) headers['If-Match'] = options.ifMatch;
  let response;
  try {
    response = await fetch(path, {
      method: options.method ?? (options.body !== undefined ? 'POST' : 'GET'),
      headers,
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
      // The browser's HTTP cache stays out: it would revalidate a versioned answer with its own If-None-Match and hand
      // back the stored body (an auction room whose registration has since closed) with its old Date header, which
      // would also set the server clock back. The room's polling sends its own If-None-Match and handles the 304.
      cache: 'no-store',
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { text: t('error.network') });
  }
  noteServerTime(response);
  if (response.status === 401 && token) {
    // The access token may have been refused for its age alone: one refresh, one retry, else sign in again.
    if (!retried && await refresh()) return api(path, options, true);
    sessionStorage.removeItem(SESSION);
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  }
  if (response.status === 304) return { notModified: true, etag: options.etag };
  if (!response.ok) throw await ApiError.from(response);
  if (options.raw) return response;
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') ?? '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (options.withEtag) return { body, etag: response.headers.get('ETag') };
  return body;
}

export const get = (path, options) => api(path, options);
export const post = (path, body = {}, options = {}) => api(path, { ...options, method: 'POST', body });
export const put = (path, body, options = {}) => api(path, { ...options, method: 'PUT', body });

/** A query string from an object, leaving out empty values; arrays repeat the key. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((item) => search.append(key, item));
    else search.append(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Server-sent events over fetch (EventSource cannot send the Authorization header).
 * onEvent(name, data) for each event; resolves when the stream ends; abort with the signal.
 */
export async function stream(path, onEvent, signal) {
  const token = await accessToken();
  const response = await fetch(path, { headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token ?? ''}` }, signal });
  if (!response.ok || !response.body) throw await ApiError.from(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      let name = 'message';
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) {
        let parsed = data.join('\n');
        try { parsed = JSON.parse(parsed); } catch { /* text event */ }
        onEvent(name, parsed);
      }
    }
  }
}
