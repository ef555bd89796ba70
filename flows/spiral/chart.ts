import { createRequire } from 'node:module';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';

/** One bar: a family (or the unclassified), its counts per series, and an optional note under it. */
export interface Bar {
  label: string;
  name: string;
  values: number[];
  note?: string;
}

export interface BarChart {
  title: string;
  subtitle: string;
  /** Series names, one per value of each bar (the questions), with their colours in order. */
  series: string[];
  bars: Bar[];
  /** A line under the chart (what the notes under the bars mean). */
  footnote?: string;
}

const require = createRequire(import.meta.url);
// Bundled fonts: the chart renders the same on a server without fonts, without a browser or network.
const FONTS = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
const COLOURS = ['#2e7d32', '#c62828', '#1565c0', '#ef6c00', '#6a1b9a'];

const W = 1000;
const H = 620;
const PLOT = { left: 70, top: 110, right: 640, bottom: 520 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cut = (s: string, n: number) => ([...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : s);

// Rough advance widths of DejaVu Sans in ems (bold a little wider); wide characters count double.
const EM = { regular: 0.6, bold: 0.66 };
const units = (ch: string) => (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\u{1f300}-\u{1faff}]/u.test(ch) ? 2 : 1);
const widthOf = (s: string, size: number, weight: keyof typeof EM) => [...s].reduce((w, ch) => w + units(ch), 0) * size * EM[weight];

/**
 * Breaks a text into at most `lines` lines of at most `width` pixels, between words where it
 * can; what does not fit ends in "…", so a long group name stays readable instead of running
 * off the image.
 */
export function wrapText(text: string, width: number, size: number, weight: keyof typeof EM, lines: number): string[] {
  const out: string[] = [];
  let rest = [...text.replace(/\s+/g, ' ').trim()];
  while (rest.length > 0 && out.length < lines) {
    const last = out.length === lines - 1;
    let n = 0;
    while (n < rest.length && widthOf(rest.slice(0, n + 1).join(''), size, weight) <= width) n++;
    if (n >= rest.length) {
      out.push(rest.join(''));
      rest = [];
      break;
    }
    if (last) {
      // Room for the ellipsis, cut at a word when a word boundary is near.
      let cut = Math.max(1, n - 1);
      const space = rest.slice(0, cut).lastIndexOf(' ');
      if (space > cut * 0.6) cut = space;
      out.push(`${rest.slice(0, cut).join('').trimEnd()}…`);
      rest = [];
      break;
    }
    const space = rest.slice(0, n + 1).lastIndexOf(' ');
    const cut = space > 0 ? space : Math.max(1, n);
    out.push(rest.slice(0, cut).join('').trimEnd());
    rest = [...rest.slice(cut).join('').trimStart()];
  }
  return out;
}

/** A tick step giving about five round ticks; whole numbers, since the bars count ideas. */
function step(max: number): number {
  const raw = Math.max(1, max) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return Math.max(1, [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag);
}

/** The chart as SVG text (exposed for tests and for anyone who prefers vectors). */
export function chartSvg(chart: BarChart): string {
  const totals = chart.bars.map((b) => b.values.reduce((s, v) => s + v, 0));
  const tick = step(Math.max(1, ...totals));
  const top = Math.ceil(Math.max(1, ...totals) / tick) * tick;
  const plotH = PLOT.bottom - PLOT.top;
  const slot = (PLOT.right - PLOT.left) / Math.max(1, chart.bars.length);
  const y = (v: number) => PLOT.bottom - (v / top) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
  ];
  // The title takes one line at full size, or two smaller lines; the subtitle follows it.
  const room = W - PLOT.left - 30;
  const single = wrapText(chart.title, room, 24, 'bold', 1);
  const oneLine = single.length === 1 && !single[0]!.endsWith('…');
  const title = oneLine ? single : wrapText(chart.title, room, 20, 'bold', 2);
  const size = oneLine ? 24 : 20;
  title.forEach((line, i) => out.push(`<text x="${PLOT.left}" y="${oneLine ? 45 : 36 + i * 24}" font-size="${size}" font-weight="bold" fill="#222">${esc(line)}</text>`));
  const subtitle = wrapText(chart.subtitle, room, 15, 'regular', 1)[0] ?? '';
  out.push(`<text x="${PLOT.left}" y="${oneLine ? 75 : 88}" font-size="15" fill="#555">${esc(subtitle)}</text>`);
  for (let v = 0; v <= top; v += tick) {
    out.push(`<line x1="${PLOT.left}" y1="${y(v)}" x2="${PLOT.right}" y2="${y(v)}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${PLOT.left - 10}" y="${y(v) + 5}" font-size="13" text-anchor="end" fill="#555">${v}</text>`);
  }
  chart.bars.forEach((bar, i) => {
    const x = PLOT.left + i * slot + slot * 0.18;
    const w = slot * 0.64;
    let base = 0;
    bar.values.forEach((v, s) => {
      if (v <= 0) return;
      out.push(`<rect x="${x.toFixed(1)}" y="${y(base + v).toFixed(1)}" width="${w.toFixed(1)}" height="${(y(base) - y(base + v)).toFixed(1)}" fill="${COLOURS[s % COLOURS.length]}"/>`);
      base += v;
    });
    const cx = (x + w / 2).toFixed(1);
    if (totals[i]) out.push(`<text x="${cx}" y="${(y(base) - 8).toFixed(1)}" font-size="15" font-weight="bold" text-anchor="middle" fill="#222">${totals[i]}</text>`);
    out.push(`<text x="${cx}" y="${PLOT.bottom + 26}" font-size="18" font-weight="bold" text-anchor="middle" fill="#222">${esc(bar.label)}</text>`);
    if (bar.note) out.push(`<text x="${cx}" y="${PLOT.bottom + 48}" font-size="13" text-anchor="middle" fill="#555">${esc(bar.note)}</text>`);
  });
  out.push(`<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" stroke="#444"/>`);
  let ly = PLOT.top;
  chart.series.forEach((name, s) => {
    out.push(`<rect x="670" y="${ly - 13}" width="16" height="16" fill="${COLOURS[s % COLOURS.length]}"/>`);
    out.push(`<text x="694" y="${ly}" font-size="14" fill="#222">${esc(cut(name, 36))}</text>`);
    ly += 24;
  });
  ly += 14;
  for (const bar of chart.bars) {
    out.push(`<text x="670" y="${ly}" font-size="13" fill="#222"><tspan font-weight="bold">${esc(bar.label)}</tspan> ${esc(cut(bar.name, 40))}</text>`);
    ly += 21;
  }
  if (chart.footnote) out.push(`<text x="${PLOT.left}" y="${H - 22}" font-size="13" fill="#555">${esc(cut(chart.footnote, 120))}</text>`);
  out.push('</svg>');
  return out.join('\n');
}

let Resvg: typeof ResvgClass | undefined;

/**
 * The chart as a PNG, rasterised with resvg and the bundled DejaVu fonts only. resvg (a native
 * module) is loaded at the first chart, not when the bot starts (about 90 ms of every start);
 * required, so that rendering stays synchronous.
 */
export function renderChart(chart: BarChart): Uint8Array {
  Resvg ??= (require('@resvg/resvg-js') as { Resvg: typeof ResvgClass }).Resvg;
  const resvg = new Resvg(chartSvg(chart), {
    font: { fontFiles: FONTS, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return new Uint8Array(resvg.render().asPng());
}
