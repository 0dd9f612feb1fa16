// "Where did this come from?": the search box in the page's header and the trace view (#/lineage?kind=&key=), from
// GET /api/lineage/{kind}/{key} - the same answer as ./hub trace KIND KEY --json (docs/LINEAGE.md).
import { h, fill, fmt, api, badge, table, ApiError } from './hub.js';

export const KINDS = ['project', 'material', 'work-order', 'innergy', 'run', 'sample', 'profile', 'event', 'alarm', 'rmos',
  'dead-letter'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The kinds to try, in order, for a key typed without one: RUN:LINE (digits) is an extruder sample, an INNERGY id
 * (a GUID) the INNERGY record; anything else a project (number or PPak job id), then a material SKU, then a work order,
 * then an INNERGY id of another shape. The first that finds a record answers.
 */
export function guesses(key) {
  if (/^\d+:\d+$/.test(key)) return ['sample'];
  if (UUID.test(key)) return ['innergy'];
  return ['project', 'material', 'work-order', 'innergy'];
}

/** The header's search form: a kind (or "any kind", guessed) and a key; submitting opens the trace view. */
export function searchBox(form) {
  const kind = form.elements.kind;
  const key = form.elements.key;
  fill(kind, h('option', { value: '' }, 'any kind'), KINDS.map((k) => h('option', { value: k }, k)));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const k = key.value.trim();
    if (!k) return;
    const q = new URLSearchParams();
    if (kind.value) q.set('kind', kind.value);
    q.set('key', k);
    location.hash = '#/lineage?' + q;
  });
  return (params) => {
    // the box shows what the view traces (or what a link traced)
    key.value = params ? params.get('key') || '' : key.value;
    kind.value = params ? params.get('kind') || '' : kind.value;
  };
}

/** One trace by its kind, or by the first kind that finds the key: {trace, kind, tried: [{kind, why}]}. */
async function find(kind, key) {
  const kinds = kind ? [kind] : guesses(key);
  const tried = [];
  for (const k of kinds) {
    try {
      return { trace: await api('/api/lineage/' + encodeURIComponent(k) + '/' + encodeURIComponent(key)), kind: k, tried };
    } catch (e) {
      // not stored as this kind (404), or not a key of its shape (400): the next guess
      if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 400)) throw e;
      tried.push({ kind: k, why: e.message });
    }
  }
  return { trace: null, tried };
}

const batchLink = (id) => (id === null || id === undefined ? '–' : h('a', { href: '#/batches/' + id }, 'batch #' + id));
const deadLetterLink = (id) => h('a', { href: '#/dead-letters/' + id }, 'dead letter #' + id);

/** A step's text with its "dead letter N" and "run N" as links to those pages. */
function linked(text, runId) {
  const out = [];
  const pattern = /\bdead letter (\d+)|\brun (\d+)\b/g;
  let at = 0;
  for (let m; (m = pattern.exec(text));) {
    out.push(text.slice(at, m.index));
    out.push(m[1] ? h('a', { href: '#/dead-letters/' + m[1] }, m[0]) : h('a', { href: '#/runs/' + m[2] }, m[0]));
    at = m.index + m[0].length;
  }
  out.push(text.slice(at));
  return out;
}

/** The extruder run a trace is about, when it is about one (a run, a sample, an event of a run). */
function runOf(t) {
  if (t.subject.kind === 'run') return t.subject.key.trim();
  const r = t.record || {};
  return r.run_id ?? (r.run && r.run.id) ?? null;
}

const short = (hash) => (hash ? h('code', { title: hash }, hash.slice(0, 12) + '…') : '–');

export async function lineage(_, params) {
  const key = (params.get('key') || '').trim();
  const kind = params.get('kind') || '';
  if (!key) {
    fill(view(), h('h2', {}, 'Where did this come from?'), h('p', {}, 'Type a project number or PPak job id, a material SKU, '
      + 'a work order, an INNERGY id or RUN:LINE for an extruder sample in the box at the top, and pick its kind if the '
      + 'guess is wrong.'));
    return;
  }
  const { trace: t, kind: found, tried } = await find(kind, key);
  if (!t) {
    fill(view(), h('h2', {}, 'Where did this come from?'),
      h('div', { class: 'outcome refused', id: 'lineage-none' }, 'Not found: ', h('ul', {}, tried.map((x) => h('li', {}, x.why)))),
      kind ? null : h('p', { class: 'legend-note' }, 'Pick the kind beside the box to look elsewhere: run, profile '
        + '(NAME:VERSION), event, alarm, rmos (ENTITY:ID) or dead-letter.'));
    return;
  }
  const s = t.source;
  const runId = runOf(t);
  const record = t.record && typeof t.record === 'object' ? Object.entries(t.record) : [];
  fill(view(),
    h('h2', {}, 'Where did this come from?'),
    h('p', { class: 'subject', id: 'lineage-subject' }, badge(t.subject.kind, 'flow'), ' ', h('strong', {}, t.subject.key),
      kind ? null : h('span', { class: 'legend-note' }, ' (kind guessed: ' + found
        + (tried.length ? ', after ' + tried.map((x) => x.kind).join(', ') : '') + ')'),
      t.batch ? [' · stored by ', batchLink(t.batch.id), ' on ', t.batch.instance, ' at ', fmt.time(t.batch.started)] : null,
      runId !== null ? [' · ', h('a', { href: '#/runs/' + runId, id: 'lineage-run' }, 'run #' + runId + ' chart')] : null),

    h('h3', {}, 'Source'),
    s ? [h('dl', { class: 'facts', id: 'lineage-source' },
      h('dt', {}, 'File'), h('dd', { class: 'file' }, s.file || '–'),
      h('dt', {}, 'Line'), h('dd', {}, s.line === null ? '–' : fmt.n(s.line)),
      h('dt', {}, 'Arrived'), h('dd', {}, fmt.time(s.arrived)),
      h('dt', {}, 'Size'), h('dd', {}, s.size === null ? '–' : fmt.n(s.size) + ' bytes'),
      h('dt', {}, 'SHA-256'), h('dd', {}, s.sha256 ? h('code', {}, s.sha256) : '–'),
      h('dt', {}, 'Original now'), h('dd', { class: 'file' }, s.archive || '–')),
    h('p', { class: 'legend-note' }, s.line ? 'Line ' + fmt.n(s.line) + ' exactly as it is in the file:' : 'Exactly as it arrived:'),
    h('pre', { id: 'lineage-text', class: 'original' }, s.text)]
      : h('p', { class: 'legend-note' }, 'No source file is known.'),

    h('h3', {}, 'Timeline'),
    h('ol', { class: 'timeline', id: 'lineage-timeline' }, t.timeline.map((step) => h('li', {},
      h('time', { datetime: step.at, title: step.at }, fmt.time(step.at)),
      h('span', { class: 'what' }, linked(step.what, runId)),
      h('span', { class: 'where' }, step.batch !== null && step.batch !== undefined ? batchLink(step.batch) : null,
        step.instance ? ' on ' + step.instance : null)))),

    h('h3', {}, 'Mappings that shaped it'),
    h('p', { class: 'legend-note' }, 'Row: the line of the mapping file (its header is line 1) in the version the batch applied, '
      + 'named by that version\'s SHA-256; the file may have been edited since.'),
    table(['Mapping file', 'Row ', 'From', 'To', 'File version (SHA-256)'], t.mappings.map((m) =>
      [m.file, h('td', { class: 'n' }, fmt.n(m.row)), h('code', {}, m.from), h('code', {}, m.to), short(m.file_sha256)]),
    { id: 'lineage-mappings' }),

    h('h3', {}, 'Versions'),
    table(['Batch', 'Stored', 'Content', 'Replaced by'], t.versions.map((v) =>
      [batchLink(v.batch), fmt.time(v.updated), short(v.content_hash), v.superseded_by ? batchLink(v.superseded_by) : 'current']),
    { id: 'lineage-versions' }),

    h('h3', {}, 'Dead letters'),
    table(['Dead letter', 'Reason', 'Loaded by'], t.dead_letters.map((d) =>
      [deadLetterLink(d.id), d.reason, d.replay_batch ? batchLink(d.replay_batch) : 'waiting']), { id: 'lineage-dead-letters' }),

    h('h3', {}, 'Deliveries'),
    table(['Target', 'When', 'Operation', 'INNERGY id', 'Plan'], t.deliveries.map((d) =>
      [d.target, fmt.time(d.at), d.operation, d.id ? h('code', {}, d.id) : '–', d.plan || '–']), { id: 'lineage-deliveries' }),

    h('h3', {}, 'Stored as'),
    table(['Field', 'Value'], record.map(([k, v]) =>
      [k, v !== null && typeof v === 'object' ? h('code', {}, JSON.stringify(v)) : v === null ? '–' : String(v)]),
    { id: 'lineage-record' }));
}

function view() {
  return document.getElementById('view');
}
