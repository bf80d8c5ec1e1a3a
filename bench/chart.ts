import { writeFileSync } from 'node:fs';
import type { RunResult } from './run-result.ts';

/**
 * The README's chart, as SVG drawn here and rendered to PNG with resvg (a registry package with a prebuilt
 * renderer, no browser): relay latency p99 and delivered throughput against G, Hotline beside the baseline.
 */

interface Series {
  label: string;
  color: string;
  dashed: boolean;
  points: Array<{ x: number; y: number }>;
}

const width = 1100;
const height = 460;
const panel = { top: 70, bottom: 380, width: 420 };
const lefts = [90, 620];

export function chartSvg(runs: RunResult[], title: string): string {
  const steady = runs.filter((r) => r.drops === 0);
  const sizes = [...new Set(steady.map((r) => r.replies))].sort((a, b) => a - b);
  const subscriberCounts = [...new Set(steady.map((r) => r.subscribers))].sort((a, b) => a - b);
  const series = (metric: (r: RunResult) => number): Series[] =>
    (['hotline', 'baseline'] as const)
      .flatMap((target) =>
        subscriberCounts.map((s, i) => ({
          label: `${target === 'hotline' ? 'Hotline' : 'bare node:http relay'}, S = ${s}`,
          color: target === 'hotline' ? '#d9480f' : '#495057',
          dashed: i > 0,
          points: steady
            .filter((r) => r.target === target && r.subscribers === s)
            .sort((a, b) => a.replies - b.replies)
            .map((r) => ({ x: r.replies, y: metric(r) }))
            .filter((p) => Number.isFinite(p.y) && p.y > 0),
        })),
      )
      .filter((s) => s.points.length > 0);

  const latency = series((r) => r.relayMs.p99);
  const throughput = series((r) => r.throughputTokensPerS);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="28" font-size="18" text-anchor="middle" font-weight="bold">${escape(title)}</text>`,
    plot(lefts[0]!, 'Relay latency p99 (ms, log scale)', latency, sizes, { log: true, threshold: 50 }),
    plot(lefts[1]!, 'Delivered tokens per second (log scale)', throughput, sizes, { log: true }),
    legend(latency),
    `</svg>`,
  ];
  return parts.join('\n');
}

function plot(left: number, title: string, series: Series[], sizes: number[], options: { log: boolean; threshold?: number }): string {
  const ys = series.flatMap((s) => s.points.map((p) => p.y)).concat(options.threshold ?? []);
  if (ys.length === 0 || sizes.length === 0) return '';
  const low = 10 ** Math.floor(Math.log10(Math.min(...ys)));
  const high = 10 ** Math.ceil(Math.log10(Math.max(...ys)));
  const y = (v: number) => panel.bottom - ((Math.log10(v) - Math.log10(low)) / (Math.log10(high) - Math.log10(low) || 1)) * (panel.bottom - panel.top);
  const x = (g: number) => left + (sizes.length === 1 ? panel.width / 2 : (sizes.indexOf(g) / (sizes.length - 1)) * panel.width);
  const out = [`<text x="${left + panel.width / 2}" y="${panel.top - 16}" font-size="14" text-anchor="middle">${escape(title)}</text>`];
  out.push(`<rect x="${left}" y="${panel.top}" width="${panel.width}" height="${panel.bottom - panel.top}" fill="none" stroke="#adb5bd"/>`);
  for (let v = low; v <= high * 1.0001; v *= 10) {
    out.push(`<line x1="${left}" x2="${left + panel.width}" y1="${y(v)}" y2="${y(v)}" stroke="#e9ecef"/>`);
    out.push(`<text x="${left - 8}" y="${y(v) + 4}" font-size="11" text-anchor="end">${formatNumber(v)}</text>`);
  }
  for (const g of sizes) out.push(`<text x="${x(g)}" y="${panel.bottom + 18}" font-size="11" text-anchor="middle">${g}</text>`);
  out.push(`<text x="${left + panel.width / 2}" y="${panel.bottom + 38}" font-size="12" text-anchor="middle">G: replies streaming at once</text>`);
  if (options.threshold !== undefined) {
    out.push(
      `<line x1="${left}" x2="${left + panel.width}" y1="${y(options.threshold)}" y2="${y(options.threshold)}" stroke="#2b8a3e" stroke-dasharray="2,4"/>`,
    );
    out.push(
      `<text x="${left + panel.width - 4}" y="${y(options.threshold) - 5}" font-size="11" text-anchor="end" fill="#2b8a3e">${options.threshold} ms target</text>`,
    );
  }
  for (const s of series) {
    const path = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="8,5"' : ''}/>`);
    for (const p of s.points) out.push(`<circle cx="${x(p.x).toFixed(1)}" cy="${y(p.y).toFixed(1)}" r="4" fill="${s.color}"/>`);
  }
  return out.join('\n');
}

function legend(series: Series[]): string {
  return series
    .map((s, i) => {
      const column = 90 + i * 250;
      const row = height - 32;
      return `<line x1="${column}" x2="${column + 34}" y1="${row}" y2="${row}" stroke="${s.color}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="8,5"' : ''}/><text x="${column + 42}" y="${row + 4}" font-size="12">${escape(s.label)}</text>`;
    })
    .join('\n');
}

const formatNumber = (v: number) => (v >= 1000 ? `${v / 1000}k` : String(v));
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Writes chart.svg and, when the renderer is installed, chart.png; returns the files written. */
export async function writeChart(runs: RunResult[], title: string, basePath: string): Promise<string[]> {
  const svg = chartSvg(runs, title);
  writeFileSync(`${basePath}.svg`, svg);
  try {
    const { Resvg } = await import('@resvg/resvg-js');
    const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'width', value: width } }).render().asPng();
    writeFileSync(`${basePath}.png`, png);
    return [`${basePath}.svg`, `${basePath}.png`];
  } catch (error) {
    console.warn(`[bench] chart.png not rendered (${String(error)}); chart.svg is there`);
    return [`${basePath}.svg`];
  }
}
