// The Cut-over view (#/cutover): the runbook's checklist per target and the last pre-checks' results, from
// GET /api/cutover (docs/CUTOVER.md). Read only: every item is ticked by the ./hub cutover command that proves it.
import { h, fill, fmt, api, badge, table } from './hub.js';

const REFRESH_MS = 5000;
const STATUS_KIND = { pass: 'ok', warn: 'attention', fail: 'failing', skipped: 'skipped' };

export async function cutover() {
  const view = document.getElementById('view');
  const live = document.getElementById('live');
  const show = async () => {
    render(view, await api('/api/cutover'));
    live.textContent = 'updated ' + new Date().toLocaleTimeString();
  };
  await show();
  const timer = setInterval(() => show().catch((e) => { live.textContent = 'hub not answering: ' + e.message; }), REFRESH_MS);
  return () => clearInterval(timer);
}

function render(view, c) {
  const lever = c.db_writes;
  fill(view,
    h('h2', {}, 'Cut-over ', badge(lever.on ? 'database writes on' : 'database writes off', lever.on ? 'ok' : 'attention',
      'the db-writes lever, from ' + lever.source)),
    h('p', { class: 'legend-note', id: 'cutover-lever' }, 'Lever: database writes ', lever.on ? 'on' : 'off', ' (from ',
      h('code', {}, lever.source), '). Active target: ', h('strong', {}, c.active_target),
      '. Items are ticked only by the command that proves them; ./hub cutover status prints the same.'),
    Object.entries(c.targets).map(([name, t]) => target(name, t, name === c.active_target)));
}

function target(name, t, active) {
  const done = t.checklist.filter((i) => i.done).length;
  return h('section', { class: 'cutover-target', id: 'cutover-' + name },
    h('h3', {}, name + ' ', active ? badge('active', 'recording') : null, ' ',
      h('span', { class: 'legend-note' }, fmt.n(done) + ' of ' + fmt.n(t.checklist.length) + ' done')),
    table(['Item', 'Done', 'When', 'By', 'Evidence'], t.checklist.map((i) =>
      h('tr', { dataset: { id: i.id } }, h('td', {}, i.id),
        h('td', {}, i.done ? badge('done', 'ok') : i.at ? badge('un-ticked', 'attention', i.note || '') : badge('not yet', 'idle')),
        h('td', { title: i.at || '' }, fmt.time(i.at)), h('td', {}, i.by || '–'),
        h('td', { class: 'file' }, i.evidence || '', i.note ? h('div', { class: 'legend-note' }, i.note) : null))),
    { id: 'checklist-' + name }),
    lastCheck(name, t.last_check));
}

function lastCheck(name, r) {
  if (!r) {
    return h('p', { class: 'legend-note', id: 'checks-' + name }, 'No pre-checks yet: ./hub cutover check --target ' + name);
  }
  const counts = Object.entries(r.counts || {}).map(([k, v]) => fmt.n(v) + ' ' + k).join(', ');
  return [
    h('h4', {}, 'Last pre-checks ', r.passed ? badge('passed', 'ok') : badge('not passed', 'failing')),
    h('p', { class: 'legend-note' }, fmt.time(r.checked), ' by ', r.instance, ': ', counts, ' — ', h('span', { class: 'file' }, r.report)),
    table(['Check', 'Status', 'Evidence', 'Fix'], r.checks.map((k) =>
      h('tr', { dataset: { id: k.id, status: k.status } }, h('td', {}, h('code', {}, k.id)),
        h('td', {}, badge(k.status, STATUS_KIND[k.status] || k.status)),
        h('td', { class: 'evidence' }, evidence(k.evidence)), h('td', {}, k.fix || ''))), { id: 'checks-' + name }),
  ];
}

/** A check's evidence as "key: value" lines; nested values as compact JSON text. */
function evidence(e) {
  if (!e) return '';
  return Object.entries(e).map(([k, v]) => h('div', {}, h('span', { class: 'legend-note' }, k + ': '),
    v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)));
}
