// Charts with uPlot (the WebJar served from /console/vendor/): the overview's 24 h throughput and a run's telemetry.
import { h, fmt } from './hub.js';

/* global uPlot */

const COLOURS = {
  t1_feed: '#1f77b4', t2_mid: '#ff7f0e', t3_nozzle: '#d62728', t_motor: '#7f7f7f',
  target_z1: '#1f77b4', target_z2: '#ff7f0e', pwr_z1_pct: '#2ca02c', pwr_z2_pct: '#9467bd',
  rpm_main: '#17becf', rpm_feed: '#8c564b', loaded: '#2b7a3d', rejected: '#b00020',
};

function width(el) {
  return Math.max(240, Math.floor(el.getBoundingClientRect().width || el.parentElement.getBoundingClientRect().width || 600));
}

/** Keeps a chart as wide as its box when the window (or a phone) turns. */
function fit(chart, box, height) {
  const ro = new ResizeObserver(() => chart.setSize({ width: width(box), height }));
  ro.observe(box);
  return () => ro.disconnect();
}

/** Rows loaded and rejected per hour over the last 24 hours. */
export function throughputChart(box, hours, series) {
  const opts = {
    width: width(box), height: 120, ms: 1, legend: { show: false }, cursor: { y: false },
    scales: { y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{ size: 24, space: 60, font: '11px system-ui' }, { size: 44, font: '11px system-ui', values: (u, v) => v.map(fmt.n) }],
    series: [{}, bars('loaded'), bars('rejected')],
  };
  const chart = new uPlot(opts, [hours, series.loaded, series.rejected], box);
  chart.unfit = fit(chart, box, 120);
  return chart;
}

function bars(name) {
  return { label: name, stroke: COLOURS[name], fill: COLOURS[name] + '55', width: 1, paths: uPlot.paths.bars({ size: [0.8, 40] }),
    value: (u, v) => fmt.n(v) };
}

/**
 * One of a run's charts: the given columns' per-bucket means over time (ms), with alarms and logger events marked on the
 * time axis as lines one can hover. The box says how many points it drew (data-points) for scripts and tests.
 */
export function runChart(box, title, samples, columns, markers, opts = {}) {
  const data = [samples.t, ...columns.map((c) => samples.columns[c.key].mean)];
  const chart = new uPlot({
    title, width: width(box), height: opts.height || 260, ms: 1,
    cursor: { sync: { key: 'run' } },
    scales: { x: { time: true } },
    axes: [{ font: '11px system-ui' }, { label: opts.unit || '', font: '11px system-ui', labelFont: '11px system-ui',
      values: (u, v) => v.map(fmt.d1) }],
    series: [{ value: (u, v) => (v === null ? '–' : new Date(v).toLocaleString()) }, ...columns.map((c) => ({
      label: c.label, stroke: COLOURS[c.key], width: c.setpoint ? 1.5 : 1, dash: c.setpoint ? [6, 4] : undefined,
      value: (u, v) => (v === null ? '–' : fmt.d1(v) + (opts.unit ? ' ' + opts.unit : '')), spanGaps: false,
    }))],
    hooks: { draw: [(u) => placeMarkers(u, markers)] },
  }, data, box);
  box.dataset.points = String(samples.t.length);
  chart.unfit = fit(chart, box, opts.height || 260);
  return chart;
}

/** New samples of a recording run: the same chart, more points. */
export function grow(chart, box, samples, columns) {
  chart.setData([samples.t, ...columns.map((c) => samples.columns[c.key].mean)]);
  box.dataset.points = String(samples.t.length);
}

function placeMarkers(u, markers) {
  const layer = u.over;
  layer.querySelectorAll('.marker').forEach((m) => m.remove());
  for (const m of markers) {
    const x = u.valToPos(m.t, 'x');
    if (!(x >= 0 && x <= layer.clientWidth)) continue;
    layer.append(h('div', { class: 'marker marker-' + m.kind, title: m.text, style: null, dataset: { t: String(m.t) } }));
    layer.lastChild.style.left = x + 'px';
  }
}
