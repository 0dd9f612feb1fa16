// The operator console: one page, views chosen by the address's #fragment, data from the hub's JSON API.
import { h, fill, fmt, api, badge, table, num, outcome, confirmAction, operator, ApiError } from './hub.js';
import { throughputChart, runChart, grow } from './charts.js';
import { lineage, searchBox } from './lineage.js';
import { cutover } from './cutover.js';

const view = document.getElementById('view');
const live = document.getElementById('live');
const POLL_MS = 3000;
let leave = () => {};
const showSearch = searchBox(document.getElementById('trace-search'));

const routes = [
  [/^#?\/?$/, overview, 'overview'],
  [/^#\/dead-letters\/(\d+)$/, deadLetter, 'dead-letters'],
  [/^#\/dead-letters$/, deadLetters, 'dead-letters'],
  [/^#\/batches\/(\d+)$/, batch, 'batches'],
  [/^#\/batches$/, batches, 'batches'],
  [/^#\/runs\/(\d+)$/, run, 'runs'],
  [/^#\/runs$/, runs, 'runs'],
  [/^#\/cutover$/, cutover, 'cutover'],
  [/^#\/rmos$/, rmos, 'rmos'],
  [/^#\/lineage$/, lineage, 'lineage'],
];

/** Shows the view the address names; the one before stops its polling. */
async function route() {
  leave();
  leave = () => {};
  const [path, query] = (location.hash || '#/').split('?');
  const params = new URLSearchParams(query || '');
  if (path === '#/lineage') showSearch(params);
  for (const [pattern, show, nav] of routes) {
    const m = path.match(pattern);
    if (m) {
      document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.view === nav));
      fill(view, h('p', { class: 'legend-note' }, 'Loading…'));
      try {
        const cleanup = await show(m.slice(1), params);
        if (typeof cleanup === 'function') leave = cleanup;
      } catch (e) {
        fill(view, h('h2', {}, 'Could not load this page'), h('p', { class: 'outcome refused' }, e.message));
      }
      return;
    }
  }
  fill(view, h('h2', {}, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the overview')));
}

/** Runs {@code task} now and every {@code ms} until the view is left; returns the stop function. */
function every(ms, task) {
  let stopped = false;
  let timer = null;
  const tick = async () => {
    if (stopped) return;
    try {
      await task();
      live.textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      live.textContent = 'hub not answering: ' + e.message;
    }
    if (!stopped) timer = setTimeout(tick, ms);
  };
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}

function setQuery(base, values) {
  const q = new URLSearchParams();
  Object.entries(values).forEach(([k, v]) => { if (v) q.set(k, v); });
  const next = base + (q.toString() ? '?' + q : '');
  if (location.hash !== next) location.hash = next;
}

// ---------------------------------------------------------------------------------------------------- overview

async function overview() {
  const cards = h('div', { class: 'cards' });
  const sync = h('div', { id: 'sync-result' });
  fill(view, h('h2', {}, 'Flows'), cards, sync);
  const charts = {};
  const stop = every(POLL_MS, async () => {
    const status = await api('/api/status');
    const seen = new Set();
    for (const [flow, f] of Object.entries(status.flows)) {
      seen.add(flow);
      let card = cards.querySelector('#flow-' + CSS.escape(flow));
      if (!card) {
        card = h('section', { class: 'card', id: 'flow-' + flow, dataset: { flow } });
        cards.append(card);
      }
      renderFlowCard(card, flow, f, sync);
      const box = card.querySelector('.spark');
      if (!charts[flow]) charts[flow] = throughputChart(box, status.throughput_hours, f.throughput_24h);
      else {
        box.append(charts[flow].root);
        charts[flow].setData([status.throughput_hours, f.throughput_24h.loaded, f.throughput_24h.rejected]);
      }
    }
  });
  return () => { stop(); Object.values(charts).forEach((c) => { c.unfit(); c.destroy(); }); };
}

function renderFlowCard(card, flow, f, syncResult) {
  const last = f.last_batch;
  const count = (label, value, cls, href) => h('div', { class: cls },
    h('dt', {}, label), h('dd', {}, href ? h('a', { href }, fmt.n(value)) : fmt.n(value)));
  const chartRoot = card.querySelector('.spark > .uplot');
  fill(card,
    h('header', {}, h('h3', {}, flow), badge(f.health.verdict, f.health.verdict, f.health.why)),
    h('p', { class: 'why' }, f.health.why),
    h('dl', { class: 'counts' },
      count('Files', f.files, 'files'), count('Found', f.found, 'found'), count('Loaded', f.loaded, 'loaded'),
      count('Rejected', f.rejected, 'rejected'), count('Skipped', f.skipped, 'skipped'),
      count('Backlog', f.dead_letter_backlog, 'backlog' + (f.dead_letter_backlog > 0 ? ' bad' : ''),
        '#/dead-letters?flow=' + encodeURIComponent(flow))),
    h('p', { class: 'last' }, 'Last batch: ', last
      ? [h('a', { href: '#/batches/' + last.id }, '#' + last.id + ' ' + last.source), ' ', badge(last.status), ' ',
        h('span', { title: fmt.time(last.finished || last.started) }, fmt.ago(last.finished || last.started))]
      : 'none yet'),
    h('div', { class: 'spark', title: 'Rows loaded (green) and rejected (red) per hour, last 24 h' }),
    flow === 'innergy' ? h('div', { class: 'actions' }, h('button', { onclick: () => materialSync(syncResult) }, 'Material sync (dry run)')) : null);
  if (chartRoot) card.querySelector('.spark').append(chartRoot);
}

async function materialSync(el) {
  try {
    const r = await api('/api/jobs/material-sync?dryRun=true', { method: 'POST' });
    outcome(el, true, 'Material sync plan (' + (r.mode || 'dry-run') + '): ',
      Object.entries(r.counts || {}).map(([k, v]) => k + ' ' + fmt.n(v)).join(', '));
  } catch (e) {
    outcome(el, false, 'Material sync: ' + e.message);
  }
}

// ------------------------------------------------------------------------------------------------ dead letters

async function deadLetters(_, params) {
  const status = await api('/api/status');
  const flow = params.get('flow') || '';
  const file = params.get('file') || '';
  const reason = params.get('reason') || '';
  const q = new URLSearchParams();
  if (flow) q.set('flow', flow);
  if (file) q.set('file', file);
  if (reason) q.set('reason', reason);
  const list = await api('/api/dead-letters?' + q);
  const result = h('div', { id: 'replay-result' });
  const flowSelect = h('select', { name: 'flow' }, h('option', { value: '' }, 'all flows'),
    Object.keys(status.flows).map((f) => h('option', { value: f, selected: f === flow }, f)));
  const fileInput = h('input', { name: 'file', value: file, placeholder: 'part of the file name', type: 'search' });
  const reasonInput = h('input', { name: 'reason', value: reason, placeholder: 'part of the reason', type: 'search' });
  const apply = (e) => {
    if (e) e.preventDefault();
    setQuery('#/dead-letters', { flow: flowSelect.value, file: fileInput.value.trim(), reason: reasonInput.value.trim() });
  };
  flowSelect.addEventListener('change', apply);

  const groups = new Map();
  for (const d of list) {
    const key = d.flow + '\u0000' + d.reason;
    if (!groups.has(key)) groups.set(key, { flow: d.flow, reason: d.reason, n: 0 });
    groups.get(key).n++;
  }
  const checks = [];
  const replaySelected = h('button', { class: 'primary', disabled: true, id: 'replay-selected' }, 'Replay selected');
  const onCheck = () => {
    const n = checks.filter((c) => c.checked).length;
    replaySelected.disabled = n === 0;
    fill(replaySelected, n ? 'Replay ' + fmt.n(n) + ' selected' : 'Replay selected');
  };
  const rows = list.map((d) => {
    const box = h('input', { type: 'checkbox', class: 'pick', dataset: { id: String(d.id), flow: d.flow }, onchange: onCheck,
      'aria-label': 'select dead letter ' + d.id });
    checks.push(box);
    return h('tr', { class: 'clickable', dataset: { id: String(d.id) }, onclick: (e) => {
      if (e.target !== box) location.hash = '#/dead-letters/' + d.id;
    } },
    h('td', {}, box), h('td', { class: 'n' }, h('a', { href: '#/dead-letters/' + d.id }, String(d.id))), h('td', {}, d.flow),
    h('td', { class: 'file' }, d.source_file), num(d.line), h('td', { class: 'reason' }, d.reason),
    h('td', { class: 'hide-narrow' }, fmt.time(d.created)));
  });
  replaySelected.addEventListener('click', async () => {
    const picked = checks.filter((c) => c.checked);
    const byFlow = new Map();
    picked.forEach((c) => byFlow.set(c.dataset.flow, [...(byFlow.get(c.dataset.flow) || []), Number(c.dataset.id)]));
    await replay(result, [...byFlow].map(([f, ids]) => ({ flow: f, ids })));
  });

  fill(view,
    h('h2', {}, 'Dead letters waiting ', h('span', { class: 'badge', id: 'dead-letter-count' }, fmt.n(list.length))),
    h('form', { class: 'filters', onsubmit: apply },
      h('label', {}, 'Flow', flowSelect), h('label', {}, 'File', fileInput), h('label', {}, 'Reason', reasonInput),
      h('button', { type: 'submit' }, 'Filter')),
    groups.size ? h('div', { class: 'reasons' }, h('h3', {}, 'By reason'), [...groups.values()].map((g) =>
      h('div', { class: 'reason' }, h('span', {}, badge(g.flow, 'flow'), ' ', g.reason), h('strong', {}, fmt.n(g.n)),
        h('button', { onclick: () => replay(result, [{ flow: g.flow, reason: g.reason }]) },
          'Replay all ' + fmt.n(g.n))))) : null,
    h('div', { class: 'actions' }, replaySelected),
    result,
    table(['', '#', 'Flow', 'File', 'Line ', 'Reason', 'Arrived'], rows, { id: 'dead-letters' }));
}

/** Sends replay requests (one per flow) and shows what happened to each dead letter. */
async function replay(el, requests, after) {
  let replayed = 0, loaded = 0;
  const lines = [];
  try {
    for (const body of requests) {
      const r = await api('/api/dead-letters/replay', { method: 'POST', body });
      replayed += r.replayed;
      loaded += r.loaded;
      (r.results || []).forEach((o) => lines.push(h('li', {}, '#' + (o.deadLetterId ?? o.dead_letter_id) + ': ',
        o.loaded ? 'loaded' : 'rejected again: ' + (o.reason || ''))));
    }
    outcome(el, loaded > 0 || replayed === 0, 'Replayed ' + fmt.n(replayed) + ': ' + fmt.n(loaded) + ' loaded, '
      + fmt.n(replayed - loaded) + ' rejected again.', h('ul', {}, lines));
    if (after) await after();
  } catch (e) {
    outcome(el, false, 'Replay not done: ' + e.message);
  }
}

async function deadLetter([id]) {
  const d = await api('/api/dead-letters/' + id);
  const result = h('div', { id: 'replay-result' });
  const again = async () => { await deadLetter([id]); document.getElementById('replay-result').replaceWith(result); };
  const original = d.header
    ? table(['Column', 'Value'], d.header.map((col, i) => [col, d.cells[i] ?? '']), { id: 'original' })
    : d.file ? h('p', {}, 'The whole file ', h('code', {}, d.file), ' waits in the dead-letter folder.')
      : h('pre', { id: 'original' }, d.text || '');
  fill(view,
    h('p', {}, h('a', { href: '#/dead-letters' }, '← All dead letters')),
    h('h2', {}, 'Dead letter #' + d.id, ' ', d.replayed ? badge('replayed', 'ok') : badge('waiting', 'attention')),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Flow'), h('dd', {}, d.flow), h('dt', {}, 'Kind'), h('dd', {}, d.kind),
      h('dt', {}, 'File'), h('dd', { class: 'file' }, d.source_file), h('dt', {}, 'Line'), h('dd', {}, fmt.n(d.line)),
      h('dt', {}, 'Reason'), h('dd', { class: 'reason' }, d.reason),
      h('dt', {}, 'Batch'), h('dd', {}, d.batch_id ? h('a', { href: '#/batches/' + d.batch_id }, '#' + d.batch_id) : '–'),
      h('dt', {}, 'Arrived'), h('dd', {}, fmt.time(d.created)),
      h('dt', {}, 'Replayed'), h('dd', {}, d.replayed ? fmt.time(d.replayed) : 'not yet'),
      h('dt', {}, 'Lineage'), h('dd', {}, h('a', { href: '#/lineage?kind=dead-letter&key=' + d.id, id: 'trace-dead-letter' },
        'Where did this come from?'))),
    d.fix ? fixForm(d, result, again) : null,
    d.replayed ? null : h('div', { class: 'actions' }, h('button', { id: 'replay-one', onclick: () =>
      replay(result, [{ flow: d.flow, ids: [d.id] }], again) }, 'Replay this dead letter')),
    result,
    h('h3', {}, 'As it arrived'), original);
}

/** The mapping row an unmapped value needs: canonical value chosen from those the file already uses. */
function fixForm(d, result, after) {
  const fix = d.fix;
  const value = h('input', { name: 'value', value: fix.value, required: true, maxlength: 100 });
  const canonical = h('select', { name: 'canonical', required: true },
    h('option', { value: '' }, 'choose…'),
    fix.choices.map((c) => h('option', { value: c.canonical }, c.canonical + (c.innergy ? ' (INNERGY ' + c.innergy + ')' : ''))));
  const notes = h('input', { name: 'notes', maxlength: 200, placeholder: 'why (optional)' });
  const save = async (e) => {
    e.preventDefault();
    try {
      const r = await api('/api/mappings/' + encodeURIComponent(fix.kind), { method: 'POST',
        body: () => ({ value: value.value, canonical: canonical.value, notes: notes.value, operator: operator() }) });
      const m = r.mapping;
      outcome(result, r.loaded > 0 || r.replayed === 0, 'Added ', h('code', {}, m.value), ' → ', h('code', {}, m.canonical),
        ' (INNERGY ', m.innergy || '–', ') to ', m.file, ' by ', m.operator, '. Replayed ', fmt.n(r.replayed), ': ',
        fmt.n(r.loaded), ' loaded, ', fmt.n(r.rejected), ' rejected again.');
      await after();
    } catch (err) {
      outcome(result, false, 'Mapping not saved: ' + err.message);
    }
  };
  return h('section', { class: 'fix', id: 'fix' },
    h('h3', {}, 'Fix the mapping and redrive'),
    h('p', {}, 'The ' + fix.kind + ' ', h('code', {}, fix.value), ' is not in ', h('code', {}, fix.file), '. ',
      fmt.n(fix.dead_letters_carrying), ' waiting dead letter(s) carry it; adding the row replays them.'),
    h('form', { onsubmit: save },
      h('label', {}, 'PPak ' + fix.kind, value), h('label', {}, 'Canonical ' + fix.kind, canonical), h('label', {}, 'Notes', notes),
      h('button', { class: 'primary', type: 'submit', id: 'save-mapping' }, 'Save mapping and replay')));
}

// ----------------------------------------------------------------------------------------------------- batches

async function batches(_, params) {
  const flow = params.get('flow') || '';
  const status = await api('/api/status');
  const list = await api('/api/batches?limit=100' + (flow ? '&flow=' + encodeURIComponent(flow) : ''));
  const flowSelect = h('select', { name: 'flow', onchange: (e) => setQuery('#/batches', { flow: e.target.value }) },
    h('option', { value: '' }, 'all flows'), Object.keys(status.flows).map((f) => h('option', { value: f, selected: f === flow }, f)));
  fill(view, h('h2', {}, 'Recent batches'), h('div', { class: 'filters' }, h('label', {}, 'Flow', flowSelect)),
    table(['#', 'Flow', 'Source', 'Status', 'Found ', 'Loaded ', 'Rejected ', 'Skipped ', 'Finished'], list.map((b) =>
      h('tr', { class: 'clickable', dataset: { id: String(b.id) }, onclick: () => { location.hash = '#/batches/' + b.id; } },
        h('td', { class: 'n' }, h('a', { href: '#/batches/' + b.id }, String(b.id))), h('td', {}, b.flow),
        h('td', { class: 'file' }, b.source), h('td', {}, badge(b.status)), num(b.found), num(b.loaded), num(b.rejected),
        num(b.skipped), h('td', {}, fmt.time(b.finished)))), { id: 'batches' }));
}

async function batch([id]) {
  const b = await api('/api/batches/' + id);
  const result = h('div', { id: 'rollback-result' });
  const d = b.details || {};
  const report = [];
  if (d.reason) report.push(h('p', {}, 'Reason: ', d.reason));
  if (d.duplicate_of) report.push(h('p', {}, 'Same content as ', h('a', { href: '#/batches/' + d.duplicate_of }, 'batch #' + d.duplicate_of)));
  if (d.updated) report.push(h('p', {}, fmt.n(d.updated) + ' rows updated rows loaded before.'));
  if (d.unmapped) report.push(h('p', {}, 'Unmapped values: '), h('ul', {}, Object.entries(d.unmapped).map(([k, v]) => h('li', {}, k + ': ' + v.join(', ')))));
  if (d.warnings && d.warnings.length) report.push(h('p', {}, 'Warnings (' + fmt.n(d.warning_count || d.warnings.length) + '):'), h('ul', {}, d.warnings.map((w) => h('li', {}, w))));
  if (d.rolled_back) report.push(h('p', {}, 'Rolled back ' + fmt.time(d.rolled_back.at) + ': ', JSON.stringify(d.rolled_back.removed || {})));
  const rollBack = async () => {
    if (!(await confirmAction('Roll back batch #' + b.id + '?', b.rollback_removes, 'Roll back batch #' + b.id))) return;
    try {
      const r = await api('/api/batches/' + b.id + '/rollback', { method: 'POST' });
      if (r.result === 'rolled back') {
        outcome(result, true, 'Rolled back: ', Object.entries(r.removed || {}).map(([t, n]) => fmt.n(n) + ' removed from ' + t).join(', ') || 'no rows',
          '; dead letters: ' + fmt.n(r.dead_letters_removed) + ' removed, ' + fmt.n(r.dead_letters_reopened) + ' waiting again.');
      } else outcome(result, true, 'Nothing to roll back: ' + r.reason);
    } catch (e) {
      // 409: refused, nothing changed, and the hub says why
      outcome(result, false, (e.status === 409 ? 'Refused: ' : 'Not rolled back: ') + e.message);
    }
  };
  fill(view,
    h('p', {}, h('a', { href: '#/batches' }, '← All batches')),
    h('h2', {}, 'Batch #' + b.id + ' ', badge(b.status)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Flow'), h('dd', {}, b.flow), h('dt', {}, 'Source'), h('dd', { class: 'file' }, b.source),
      h('dt', {}, 'Started'), h('dd', {}, fmt.time(b.started)), h('dt', {}, 'Finished'), h('dd', {}, fmt.time(b.finished)),
      h('dt', {}, 'Found'), h('dd', {}, fmt.n(b.found)), h('dt', {}, 'Loaded'), h('dd', {}, fmt.n(b.loaded)),
      h('dt', {}, 'Rejected'), h('dd', {}, fmt.n(b.rejected)), h('dt', {}, 'Skipped'), h('dd', {}, fmt.n(b.skipped))),
    h('h3', {}, 'Report'), report.length ? report : h('p', { class: 'legend-note' }, 'Nothing to report.'),
    b.rollback_removes ? h('div', { class: 'actions' }, h('button', { class: 'danger', id: 'roll-back', onclick: rollBack }, 'Roll back…')) : null,
    result,
    h('h3', {}, 'Rejects'),
    table(['#', 'Line ', 'Reason', 'Replayed'], b.rejects.map((r) => [h('a', { href: '#/dead-letters/' + r.id }, String(r.id)),
      num(r.line), r.reason, r.replayed ? fmt.time(r.replayed) : 'waiting'])));
}

// ----------------------------------------------------------------------------------------------- extruder runs

async function runs(_, params) {
  const from = params.get('from') || '';
  const to = params.get('to') || '';
  const status = params.get('status') || '';
  const q = new URLSearchParams({ limit: '200' });
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  if (status) q.set('status', status);
  const list = await api('/api/extruder/runs?' + q);
  const fromInput = h('input', { type: 'date', name: 'from', value: from });
  const toInput = h('input', { type: 'date', name: 'to', value: to });
  const statusSelect = h('select', { name: 'status' }, ['', 'recording', 'complete'].map((s) =>
    h('option', { value: s, selected: s === status }, s || 'any status')));
  const apply = (e) => { e.preventDefault(); setQuery('#/runs', { from: fromInput.value, to: toInput.value, status: statusSelect.value }); };
  fill(view, h('h2', {}, 'Extruder runs ', h('span', { class: 'badge' }, fmt.n(list.count))),
    h('form', { class: 'filters', onsubmit: apply }, h('label', {}, 'Started from', fromInput), h('label', {}, 'before', toInput),
      h('label', {}, 'Status', statusSelect), h('button', { type: 'submit' }, 'Filter')),
    table(['#', 'Log', 'Status', 'Started', 'Length', 'Samples ', 'Profile'], list.runs.map((r) =>
      h('tr', { class: 'clickable', dataset: { id: String(r.id) }, onclick: () => { location.hash = '#/runs/' + r.id; } },
        h('td', { class: 'n' }, h('a', { href: '#/runs/' + r.id }, String(r.id))), h('td', { class: 'file' }, r.log),
        h('td', {}, badge(r.status)), h('td', {}, fmt.time(r.started_at)), h('td', {}, fmt.span(r.span_seconds)),
        num(r.sample_count), h('td', {}, r.profile ? r.profile.name + ' v' + r.profile.version : '–'))), { id: 'runs' }));
}

const TEMPERATURES = [
  { key: 't1_feed', label: 'T1 feed' }, { key: 't2_mid', label: 'T2 mid' }, { key: 't3_nozzle', label: 'T3 nozzle' },
  { key: 't_motor', label: 'T motor' }, { key: 'target_z1', label: 'setpoint Z1', setpoint: true },
  { key: 'target_z2', label: 'setpoint Z2', setpoint: true }];
const POWER = [{ key: 'pwr_z1_pct', label: 'heater Z1' }, { key: 'pwr_z2_pct', label: 'heater Z2' }];
const RPM = [{ key: 'rpm_main', label: 'RPM main' }, { key: 'rpm_feed', label: 'RPM feed' }];
const ALL = [...TEMPERATURES, ...POWER, ...RPM].map((c) => c.key).join(',');

async function run([id]) {
  const summary = await api('/api/extruder/runs/' + id);
  const samples = await api('/api/extruder/runs/' + id + '/samples?max_points=1500&columns=' + ALL);
  const markers = () => [
    ...summary.alarms.map((a) => ({ kind: 'alarm', t: Date.parse(a.raised_at), text: 'alarm ' + a.severity + ': ' + a.type + ' - ' + a.message })),
    ...summary.events.map((e) => ({ kind: 'event', t: Date.parse(e.recorded_at), text: e.level + ' ' + e.component + ': ' + e.event }))];
  const head = h('div');
  const boxes = [h('div', { class: 'chart', id: 'chart-temperatures' }), h('div', { class: 'chart', id: 'chart-power' }),
    h('div', { class: 'chart', id: 'chart-rpm' })];
  const lists = h('div');
  const renderHead = () => fill(head,
    h('p', {}, h('a', { href: '#/runs' }, '← All runs')),
    h('h2', {}, 'Run #' + summary.id + ' ', h('span', { class: 'file' }, summary.log), ' ', badge(summary.status)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Started'), h('dd', {}, fmt.time(summary.started_at)), h('dt', {}, 'Ended'), h('dd', {}, fmt.time(summary.ended_at)),
      h('dt', {}, 'Length'), h('dd', {}, fmt.span(summary.span_seconds)),
      h('dt', {}, 'Samples'), h('dd', { id: 'sample-count' }, fmt.n(samples.samples) + (samples.downsampled
        ? ' (charted as ' + fmt.n(samples.points) + ' buckets, each bucket\'s mean)' : '')),
      h('dt', {}, 'Profile'), h('dd', { id: 'profile' }, summary.profile ? summary.profile.name + ' v' + summary.profile.version : 'none applied yet'),
      h('dt', {}, 'Above ' + fmt.n(summary.heater_limit.limit_c) + ' °C'), h('dd', {}, fmt.span(summary.heater_limit.seconds_above))),
    h('p', { class: 'legend-note' }, 'Red lines mark alarms, dashed amber lines logger events; hover one for what it says.'));
  const renderLists = () => fill(lists,
    h('h3', {}, 'Alarms'), table(['Raised', 'Severity', 'Type', 'Message'], summary.alarms.map((a) =>
      [fmt.time(a.raised_at), a.severity, a.type, a.message]), { id: 'alarms' }),
    h('h3', {}, 'Logger events'), table(['Recorded', 'Level', 'Component', 'Event'], summary.events.map((e) =>
      [fmt.time(e.recorded_at), e.level, e.component, e.event]), { id: 'events' }));
  renderHead();
  renderLists();
  fill(view, head, ...boxes, lists);
  const m = markers();
  const charts = [runChart(boxes[0], 'Temperatures against the setpoints (°C)', samples, TEMPERATURES, m, { unit: '°C' }),
    runChart(boxes[1], 'Heater power (%)', samples, POWER, m, { unit: '%', height: 170 }),
    runChart(boxes[2], 'Screw speed (RPM)', samples, RPM, m, { unit: 'rpm', height: 170 })];
  const stopAll = () => charts.forEach((c) => { c.unfit(); c.destroy(); });
  if (summary.status !== 'recording') return stopAll;
  // A recording run grows: the same charts are fed the new samples until it completes.
  const stop = every(2000, async () => {
    Object.assign(summary, await api('/api/extruder/runs/' + id));
    const next = await api('/api/extruder/runs/' + id + '/samples?max_points=1500&columns=' + ALL);
    Object.assign(samples, next);
    const cols = [TEMPERATURES, POWER, RPM];
    charts.forEach((c, i) => grow(c, boxes[i], next, cols[i]));
    renderHead();
    renderLists();
  });
  return () => { stop(); stopAll(); };
}

// -------------------------------------------------------------------------------------------------------- RMOS

async function rmos() {
  let status, history;
  try {
    [status, history] = await Promise.all([api('/api/rmos/stores/migration/status'), api('/api/rmos/stores/migration/history?limit=50')]);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      fill(view, h('h2', {}, 'RMOS'), h('p', {}, 'The RMOS routes are not running in this hub.'));
      return;
    }
    throw e;
  }
  const ms = status.migration_status;
  const last = ms.last_migration;
  const v = status.validation;
  fill(view, h('h2', {}, 'RMOS migration ', badge(v.status === 'healthy' ? 'ok' : 'attention', null, v.status)),
    h('dl', { class: 'facts', id: 'rmos-status' },
      h('dt', {}, 'Last migration'), h('dd', {}, last ? [h('a', { href: '#/batches/' + last.batch_id }, '#' + last.batch_id + ' ' + last.source), ' ',
        badge(last.status), ' ', fmt.time(last.finished)] : 'none yet'),
      h('dt', {}, 'Database'), h('dd', {}, ms.database.backend + ' ' + (ms.database.size_bytes !== undefined ? fmt.n(ms.database.size_bytes) + ' bytes' : '')),
      h('dt', {}, 'Schema version'), h('dd', {}, String(ms.schema_version ?? '–')),
      h('dt', {}, 'Validation'), h('dd', {}, v.status + ': ' + fmt.n(v.dangling_reference_count) + ' dangling references, '
        + fmt.n(v.documents_waiting_for_a_reference) + ' documents waiting for a reference')),
    h('h3', {}, 'Entities'), table(['Entity', 'Rows '], Object.entries(status.entity_counts || {}).map(([k, n]) => [k, num(n)])),
    h('h3', {}, 'History'), table(['Day', 'Batches ', 'Found ', 'Loaded ', 'Rejected ', 'Skipped '], (history.history || []).map((d) =>
      [d.date, num(d.batch_count), num(d.found), num(d.loaded), num(d.rejected), num(d.skipped)]), { id: 'rmos-history' }));
}

window.addEventListener('hashchange', route);
route();
