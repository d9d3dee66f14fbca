// Calls to the gateway (same origin): the signed-in user's token, problem details turned into ApiError.
import { t } from './i18n.js';

const SESSION = 'ipx.session';

export function session() {
  try { return JSON.parse(sessionStorage.getItem(SESSION) ?? 'null'); } catch { return null; }
}

export function signOut() { sessionStorage.removeItem(SESSION); }

export async function signIn(username, password) {
  const response = await fetch('/auth/token', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw await ApiError.from(response);
  const body = await response.json();
  const value = { token: body.accessToken, user: body.user, expiresAt: Date.now() + body.expiresIn * 1000 };
  sessionStorage.setItem(SESSION, JSON.stringify(value));
  return value;
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
export async function api(path, options = {}) {
  const s = session();
  const headers = { Accept: 'application/json' };
  if (s?.token) headers.Authorization = `Bearer ${s.token}`;
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
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: t('error.network') });
  }
  noteServerTime(response);
  if (response.status === 401 && s) {
    signOut();
    location.assign('/login');
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
  const s = session();
  const response = await fetch(path, { headers: { Accept: 'text/event-stream', Authorization: `Bearer ${s?.token ?? ''}` }, signal });
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
