// The cockpit's charts drawn with Apache ECharts (the static file of its npm package under /lib/echarts,
// Apache-2.0): canvas rendering and tooltips drawn in the canvas too, so the page's style policy
// (no inline style) holds. Each chart box says its figures in words for screen readers.
import * as echarts from '../lib/echarts/echarts.esm.min.js';

const palette = ['#1f5fa8', '#2f7fc1', '#17663a', '#8a5200', '#a3212a', '#5d6b7a', '#4a3f8f', '#0f6b6b'];
const font = '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", system-ui, sans-serif';

const instances = new WeakMap();

function instance(box) {
  let chart = instances.get(box);
  if (!chart) {
    chart = echarts.init(box, null, { renderer: 'canvas' });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(box);
    instances.set(box, chart);
    box.dataset.chart = 'echarts';
  }
  return chart;
}

/** Horizontal bars: rows [{label, value, amount}], format(value, row) for the label at the bar's end. */
export function barChart(box, rows, format = (x) => String(x)) {
  const height = Math.max(120, rows.length * 34 + 30);
  box.style.height = `${height}px`;
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', rows.map((r) => `${r.label} ${format(r.value, r)}`).join('；'));
  instance(box).setOption({
    color: palette,
    textStyle: { fontFamily: font, color: '#1d2530' },
    grid: { left: 8, right: 110, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', renderMode: 'richText', formatter: (p) => `${p.name}: ${format(rows[p.dataIndex].value, rows[p.dataIndex])}` },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#5d6b7a' } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label), axisLabel: { color: '#1d2530' } },
    series: [{
      type: 'bar', data: rows.map((r, i) => ({ value: r.value, itemStyle: { color: palette[i % palette.length] } })), barMaxWidth: 22,
      label: { show: true, position: 'right', color: '#1d2530', formatter: (p) => format(rows[p.dataIndex].value, rows[p.dataIndex]) },
    }],
  }, true);
}

/** A conversion funnel: steps [{label, value}], widest first. */
export function funnelChart(box, steps) {
  box.style.height = `${Math.max(160, steps.length * 56)}px`;
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', steps.map((s) => `${s.label} ${s.value}`).join('；'));
  instance(box).setOption({
    color: palette,
    textStyle: { fontFamily: font },
    tooltip: { trigger: 'item', renderMode: 'richText', formatter: (p) => `${p.name}: ${p.value}` },
    series: [{
      type: 'funnel', sort: 'none', left: '10%', width: '80%', top: 8, bottom: 8, minSize: '12%', gap: 2,
      label: { show: true, position: 'inside', color: '#fff', fontWeight: 600, formatter: (p) => `${p.name}: ${p.value}` },
      data: steps.map((s) => ({ name: s.label, value: s.value })),
    }],
  }, true);
}

/** Releases a page's charts when it is left. */
export function disposeCharts(...boxes) { boxes.forEach((b) => { instances.get(b)?.dispose(); instances.delete(b); }); }
