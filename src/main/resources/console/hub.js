// What every view shares: building DOM (text only, never HTML), formatting for people, and the hub's API.
//
// Safety rule of the console: values from the hub are put on the page with text nodes and attributes set by
// property, never through innerHTML, so a customer named "<script>…" or a file named "<img onerror=…>" is text.

/** h('tr', {class: 'x', onclick: fn}, 'text', otherNode, [more]) - an element; strings become text nodes. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const numbers = new Intl.NumberFormat();
const decimals = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export const fmt = {
  /** 1234567 -> "1,234,567" in the operator's locale; null -> a dash. */
  n: (v) => (v === null || v === undefined ? '–' : numbers.format(v)),
  d1: (v) => (v === null || v === undefined ? '–' : decimals.format(v)),
  /** An ISO instant in the operator's own time zone. */
  time: (iso) => (iso ? dateTime.format(new Date(iso)) : '–'),
  /** Seconds as 1 h 02 min 03 s. */
  span: (s) => {
    if (s === null || s === undefined) return '–';
    const t = Math.round(s), hh = Math.floor(t / 3600), mm = Math.floor((t % 3600) / 60), ss = t % 60;
    return (hh ? hh + ' h ' : '') + (hh || mm ? String(mm).padStart(hh ? 2 : 1, '0') + ' min ' : '') + String(ss).padStart(hh || mm ? 2 : 1, '0') + ' s';
  },
  /** "3 minutes ago" */
  ago: (iso) => {
    if (!iso) return '–';
    const s = (Date.now() - new Date(iso).getTime()) / 1000;
    const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
    if (Math.abs(s) < 60) return rtf.format(-Math.round(s), 'second');
    if (Math.abs(s) < 3600) return rtf.format(-Math.round(s / 60), 'minute');
    if (Math.abs(s) < 86400) return rtf.format(-Math.round(s / 3600), 'hour');
    return rtf.format(-Math.round(s / 86400), 'day');
  },
};

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

const TOKEN = 'migration-hub.token';
const OPERATOR = 'migration-hub.operator';

export function operator() {
  return localStorage.getItem(OPERATOR) || '';
}

/**
 * Asks once for the bearer token (and a name for the mapping log) in the page's dialog; kept in this browser's
 * local storage until the hub refuses it.
 */
function askToken(message) {
  const dialog = document.getElementById('auth');
  const form = dialog.querySelector('form');
  fill(dialog.querySelector('.why'), message);
  form.elements.token.value = '';
  form.elements.operator.value = operator();
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (dialog.returnValue === 'ok') {
        localStorage.setItem(TOKEN, form.elements.token.value.trim());
        localStorage.setItem(OPERATOR, form.elements.operator.value.trim());
        resolve(true);
      } else {
        resolve(false);
      }
    }, { once: true });
  });
}

/** GET or POST JSON; a mutating call refused for want of the token asks for it once and tries again. */
export async function api(path, options = {}) {
  const method = options.method || 'GET';
  for (let attempt = 0; ; attempt++) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      const token = localStorage.getItem(TOKEN);
      if (token) headers.Authorization = 'Bearer ' + token;
    }
    // a body given as a function is made per attempt: it may carry what the token dialog just asked (the operator's name)
    const body0 = typeof options.body === 'function' ? options.body() : options.body;
    const res = await fetch(path, { method, headers, body: body0 === undefined ? undefined : JSON.stringify(body0) });
    const text = await res.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch { body = { error: text }; }
    if (res.status === 401 && method !== 'GET' && attempt === 0) {
      const had = localStorage.getItem(TOKEN);
      if (await askToken(had ? 'The hub refused the token: enter it again.' : 'This hub needs its access token for changes.')) continue;
      throw new ApiError(401, 'not done: the hub needs its token', body);
    }
    if (!res.ok && !(options.accept || []).includes(res.status)) {
      throw new ApiError(res.status, (body && body.error) || res.statusText, body);
    }
    return body;
  }
}

/** The confirmation dialog: resolves true when the operator confirms. */
export function confirmAction(title, text, action) {
  const dialog = document.getElementById('confirm');
  fill(dialog.querySelector('h2'), title);
  fill(dialog.querySelector('.what'), text);
  fill(dialog.querySelector('button[value=ok]'), action);
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}

/** A status badge: ok / attention / failing / idle, or a batch or run status. */
export function badge(text, kind, title) {
  return h('span', { class: 'badge badge-' + (kind || text), title: title || null }, text);
}

/** A table with a header row; rows are arrays of cells (strings or nodes) or ready <tr> elements. */
export function table(headers, rows, attrs = {}) {
  return h('div', { class: 'table-wrap' },
    h('table', attrs,
      h('thead', {}, h('tr', {}, headers.map((x) => h('th', { class: x.startsWith('#') || x.endsWith(' ') ? 'n' : null }, x.trim())))),
      h('tbody', {}, rows.length ? rows.map((r) => (r instanceof Node ? r : h('tr', {}, r.map(cell))))
        : h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, 'nothing here')))));
}

function cell(c) {
  if (c instanceof Node && c.tagName === 'TD') return c;
  return typeof c === 'number' ? h('td', { class: 'n' }, fmt.n(c)) : h('td', {}, c);
}

/** A number cell. */
export function num(v) {
  return h('td', { class: 'n' }, fmt.n(v));
}

/** The result line of an action: success or the hub's message. */
export function outcome(el, ok, ...text) {
  return fill(el, h('p', { class: ok ? 'outcome ok' : 'outcome refused', role: 'status' }, ...text));
}
