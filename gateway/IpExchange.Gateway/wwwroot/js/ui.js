// Small DOM helpers: elements, forms with errors beside their fields, banners, pagers, formats.
import { t, v, language, moment } from './i18n.js';
import { ApiError } from './api.js';
import { headline, fieldSentences, problemFields } from './problems.js';

/** h('div', {class: 'x', onclick}, child, 'text', [children]) — text is always set as text, never as HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = tag === 'svg' || attrs?.svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false || key === 'svg') continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value' && 'value' in el) el.value = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

export function s(tag, attrs = {}, ...children) { return h(tag, { ...attrs, svg: true }, ...children); }

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) { el.replaceChildren(); append(el, children); return el; }

// ¥ in both languages (en-US would write CN¥), always two decimal places.
const yuanFormat = () => new Intl.NumberFormat(language() === 'en' ? 'en-US' : 'zh-CN', { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2 });
export function yuan(amount) { return amount === null || amount === undefined ? '—' : yuanFormat().format(amount); }
export function wan(amount) {
  if (amount === null || amount === undefined) return '—';
  return language() === 'en' ? yuan(amount) : `${(amount / 10000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万元`;
}
export function when(iso) { return iso ? moment(iso) : '—'; }
export function day(iso) { return iso ? String(iso).slice(0, 10) : '—'; }
export function today(offsetDays = 0) {
  const d = new Date(Date.now() + offsetDays * 86400000 + 8 * 3600000); // Beijing date, as the exchange counts days
  return d.toISOString().slice(0, 10);
}

export function badge(kind, value) { return h('span', { class: `badge badge-${String(value).toLowerCase()}` }, v(kind, value)); }

/** A banner at the top of a page: for a problem's detail and rule, or a success message. */
export function banner(kind, ...content) { return h('div', { class: `banner banner-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...content); }

export function errorBanner(error) {
  if (!(error instanceof ApiError)) return banner('error', t('common.error'));
  // The sentence comes from the rule's code or the status, never from the service's English detail.
  return banner('error', h('strong', {}, headline(error.problem, error.status)));
}

/** A labelled field. name is the API's field name, so a problem's errors[name] lands beside it. */
export function field(label, name, input, help) {
  input.name = name;
  input.id ||= `f-${name.replace(/[^\w-]/g, '-')}-${Math.random().toString(36).slice(2, 7)}`;
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: input.id }, label),
    input,
    help ? h('div', { class: 'help' }, help) : null,
    h('div', { class: 'field-error', role: 'alert', 'aria-live': 'polite' }));
}

export const input = (attrs = {}) => h('input', { type: 'text', ...attrs });
export const textarea = (attrs = {}) => h('textarea', { rows: 3, ...attrs });
export function select(values, attrs = {}, label = (x) => x, empty) {
  return h('select', attrs, empty !== undefined ? h('option', { value: '' }, empty) : null,
    values.map((value) => h('option', { value, selected: attrs.value === value }, label(value))));
}

/**
 * Runs an API call for a form: clears old errors, shows each errors[field] beside its field (the
 * deepest matching one: "appraisal.value", "ipcCodes[1]" → "ipcCodes"), the rest in the form's banner.
 */
export async function submit(form, action) {
  const banners = form.querySelector('.form-banner');
  form.querySelectorAll('.field').forEach((f) => { f.classList.remove('invalid'); f.querySelector('.field-error').textContent = ''; });
  if (banners) banners.replaceChildren();
  const button = form.querySelector('button[type=submit]');
  if (button) button.disabled = true;
  try {
    return await action();
  } catch (error) {
    showErrors(form, error);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

export function showErrors(form, error) {
  const banners = form.querySelector('.form-banner');
  const unplaced = [];
  if (error instanceof ApiError) {
    for (const name of problemFields(error.problem)) {
      const target = findField(form, name);
      const text = fieldSentences(error.problem, name).join('；');
      if (target) {
        target.classList.add('invalid');
        const slot = target.querySelector('.field-error');
        slot.textContent = slot.textContent ? `${slot.textContent}；${text}` : text;
      } else if (!unplaced.includes(text) && text !== headline(error.problem, error.status)) unplaced.push(text);
    }
  }
  if (banners) {
    banners.replaceChildren(errorBanner(error));
    if (unplaced.length) banners.append(h('ul', { class: 'unplaced' }, unplaced.map((u) => h('li', {}, u))));
  }
  form.querySelector('.field.invalid input, .field.invalid select, .field.invalid textarea')?.focus();
}

function findField(form, name) {
  const candidates = [name, name.replace(/\[\d+\]$/, ''), name.split('.')[0].replace(/\[\d+\]$/, ''),
    name.charAt(0).toLowerCase() + name.slice(1)];
  for (const candidate of candidates) {
    const found = form.querySelector(`.field[data-field="${CSS.escape(candidate)}"]`);
    if (found) return found;
  }
  return null;
}

export function form(onsubmit, ...children) {
  const el = h('form', { novalidate: true }, h('div', { class: 'form-banner' }), ...children);
  el.addEventListener('submit', (e) => { e.preventDefault(); onsubmit(el); });
  return el;
}

export function values(formEl) {
  const result = {};
  for (const el of formEl.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === 'checkbox') {
      (result[el.name] ??= []);
      if (el.checked) result[el.name].push(el.value);
    } else if (el.type === 'radio') {
      if (el.checked) result[el.name] = el.value;
    } else result[el.name] = el.value.trim();
  }
  return result;
}

export const num = (text) => (text === '' || text === undefined || text === null ? null : Number(text));
export const list = (text) => (text ?? '').split(/[,，;；]/).map((x) => x.trim()).filter(Boolean);
export const opt = (text) => (text === '' || text === undefined ? null : text);

/** A table; columns: [{label, cell(row) → node|text, class}]. */
export function table(columns, rows, empty = t('common.none')) {
  if (!rows?.length) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { class: c.class }, c.label)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((c) => h('td', { class: c.class, 'data-label': c.label }, c.cell(row))))))));
}

/** Previous / next with "page p of n" for the API's pages ({items, pageNumber|page, pageSize|limit, total}). */
export function pager(page, go) {
  const p = page.pageNumber ?? page.page ?? 1;
  const n = Math.max(1, Math.ceil((page.total ?? 0) / (page.pageSize || page.limit || 20)));
  return h('nav', { class: 'pager', 'aria-label': 'pages' },
    h('button', { type: 'button', disabled: p <= 1, onclick: () => go(p - 1), 'data-test': 'prev' }, t('common.prev')),
    h('span', {}, t('common.page', { p, n, t: page.total ?? 0 })),
    h('button', { type: 'button', disabled: p >= n, onclick: () => go(p + 1), 'data-test': 'next' }, t('common.next')));
}

/** A client-side pager over a whole list (APIs that return everything at once). */
export function localPage(items, pageNumber, pageSize = 20) {
  return { items: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), pageNumber, pageSize, total: items.length };
}

export function link(href, ...children) { return h('a', { href, 'data-link': true }, ...children); }

export function section(title, ...children) { return h('section', { class: 'card' }, h('h2', {}, title), ...children); }

export function dl(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([k, val]) => [h('dt', {}, k), h('dd', {}, val ?? '—')]));
}

export function button(text, onclick, attrs = {}) { return h('button', { type: 'button', onclick, ...attrs }, text); }

/**
 * Asks before a binding action (a bid, an acceptance, an approval, a signature): a modal dialog that
 * says what will happen; resolves true only when the person confirms. Focus goes to the dialog and
 * back to what had it.
 */
export function confirmAction(title, ...details) {
  return new Promise((resolve) => {
    const before = document.activeElement;
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title', 'data-test': 'confirm' },
      h('h2', { id: 'confirm-title' }, title),
      ...details.map((d) => (typeof d === 'string' ? h('p', {}, d) : d)),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', 'data-test': 'confirm-yes', onclick: () => done(true) }, t('common.confirm')),
        h('button', { type: 'button', 'data-test': 'confirm-no', onclick: () => done(false) }, t('common.cancel'))));
    function done(answer) {
      dialog.close();
      dialog.remove();
      before?.focus?.();
      resolve(answer);
    }
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('[data-test=confirm-yes]').focus();
  });
}
