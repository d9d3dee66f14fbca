// Plain SVG charts drawn here (no chart library): horizontal bars and a conversion funnel.
import { s } from './ui.js';

/** rows: [{label, value, note}] → horizontal bars scaled to the largest value. */
export function bars(rows, { width = 560, row = 30, format = (x) => String(x), className = 'bars' } = {}) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const labelWidth = 120;
  const height = Math.max(row, rows.length * row);
  return s('svg', { class: className, viewBox: `0 0 ${width} ${height}`, role: 'img', preserveAspectRatio: 'xMinYMin meet' },
    rows.map((r, i) => {
      const w = Math.round(((width - labelWidth - 120) * r.value) / max);
      const y = i * row;
      return s('g', {},
        s('text', { x: 0, y: y + row * 0.65, class: 'bar-label' }, r.label),
        s('rect', { x: labelWidth, y: y + 4, width: Math.max(w, r.value > 0 ? 2 : 0), height: row - 8, rx: 3, class: `bar bar-${i % 6}` }),
        s('text', { x: labelWidth + w + 6, y: y + row * 0.65, class: 'bar-value' }, format(r.value, r)));
    }));
}

/** steps: [{label, value}] → a funnel of centred bars narrowing with the values. */
export function funnel(steps, { width = 560, row = 38 } = {}) {
  const max = Math.max(1, ...steps.map((x) => x.value));
  return s('svg', { class: 'funnel', viewBox: `0 0 ${width} ${steps.length * row}`, role: 'img' },
    steps.map((step, i) => {
      const w = Math.max(40, Math.round(((width - 20) * step.value) / max));
      return s('g', {},
        s('rect', { x: (width - w) / 2, y: i * row + 3, width: w, height: row - 6, rx: 4, class: `bar bar-${i % 6}` }),
        // A bar too narrow for its label gets the label beside it.
        w >= 160
          ? s('text', { x: width / 2, y: i * row + row * 0.62, 'text-anchor': 'middle', class: 'funnel-text' }, `${step.label}: ${step.value}`)
          : s('text', { x: (width + w) / 2 + 6, y: i * row + row * 0.62, class: 'bar-value' }, `${step.label}: ${step.value}`));
    }));
}
