import { formatUsd } from './cost-view.ts';
import { html, type SafeHtml } from './html.ts';

const width = 720;
const height = 220;
const margin = { top: 16, right: 12, bottom: 28, left: 56 };

/**
 * The spending of each day as an SVG bar chart, drawn on the server: no script, no library, and it reads
 * the same in every browser and in a screenshot. Every bar has a title (its day and amount) for a
 * pointer, and the figure a text equivalent for screen readers.
 */
export function usageChart(days: ReadonlyArray<{ day: string; usd: number }>): SafeHtml {
  const top = niceCeiling(Math.max(0, ...days.map((d) => d.usd)));
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(1, slot * 0.7);
  const y = (usd: number) => margin.top + plotHeight - (top === 0 ? 0 : (usd / top) * plotHeight);
  const bars = days.map((d, i) => {
    const x = margin.left + i * slot + (slot - barWidth) / 2;
    const barTop = y(d.usd);
    return html`<rect class="usage-chart__bar" x="${fixed(x)}" y="${fixed(barTop)}" width="${fixed(barWidth)}" height="${fixed(margin.top + plotHeight - barTop)}"><title>${d.day}: ${formatUsd(d.usd)}</title></rect>`;
  });
  // A label every few days, so that they never overlap: about ten along the axis.
  const every = Math.max(1, Math.ceil(days.length / 10));
  const labels = days
    .map((d, i) => ({ d, i }))
    .filter(({ i }) => i % every === 0)
    .map(
      ({ d, i }) =>
        html`<text class="usage-chart__label" x="${fixed(margin.left + i * slot + slot / 2)}" y="${height - 8}" text-anchor="middle">${d.day.slice(5)}</text>`,
    );
  const ticks = [0, top / 2, top].map(
    (usd) =>
      html`<line class="usage-chart__grid" x1="${margin.left}" x2="${width - margin.right}" y1="${fixed(y(usd))}" y2="${fixed(y(usd))}"/><text class="usage-chart__label" x="${margin.left - 6}" y="${fixed(y(usd) + 4)}" text-anchor="end">${formatUsd(usd)}</text>`,
  );
  const total = days.reduce((sum, d) => sum + d.usd, 0);
  const summary = `Spending by day from ${days[0]?.day ?? ''} to ${days.at(-1)?.day ?? ''}: ${formatUsd(total)} in all`;
  return html`<svg class="usage-chart" data-testid="usage-chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${summary}" xmlns="http://www.w3.org/2000/svg">${ticks}${bars}${labels}</svg>`;
}

/** The axis's top: the largest day rounded up to 1, 2 or 5 times a power of ten. */
function niceCeiling(value: number): number {
  if (value <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

const fixed = (n: number): string => n.toFixed(1);
