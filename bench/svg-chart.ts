/** A small hand-written SVG line chart (log-scaled axes, values labelled) for the scaling results. */

export interface Series {
  name: string;
  color: string;
  points: Array<[number, number]>;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmtWorks = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

export function lineChart(o: { title: string; xLabel: string; yLabel: string; series: Series[] }): string {
  const W = 720;
  const H = 420;
  const m = { left: 70, right: 190, top: 40, bottom: 60 };
  const xs = [...new Set(o.series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const ys = o.series.flatMap((s) => s.points.map((p) => p[1]));
  // Times a hundred times apart share one chart, so y is logarithmic too: powers of ten from below the least to above the most.
  const yLo = Math.floor(Math.log10(Math.max(0.1, Math.min(...ys))));
  const yHi = Math.max(yLo + 1, Math.ceil(Math.log10(Math.max(1, ...ys))));
  const ticks = Array.from({ length: yHi - yLo + 1 }, (_, i) => 10 ** (yLo + i));
  const [lo, hi] = [Math.log10(xs[0] ?? 1), Math.log10(xs[xs.length - 1] ?? 10)];
  const x = (v: number) => m.left + (hi === lo ? 0.5 : (Math.log10(v) - lo) / (hi - lo)) * (W - m.left - m.right);
  const y = (v: number) =>
    H - m.bottom - ((Math.log10(Math.max(v, 10 ** yLo)) - yLo) / (yHi - yLo)) * (H - m.top - m.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2 - m.right / 2 + m.left / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(o.title)}</text>`,
  ];
  for (const t of ticks) {
    out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>`);
    out.push(`<text x="${m.left - 8}" y="${y(t) + 4}" text-anchor="end">${t.toLocaleString('en')}</text>`);
  }
  for (const v of xs) {
    out.push(`<line x1="${x(v)}" x2="${x(v)}" y1="${H - m.bottom}" y2="${H - m.bottom + 5}" stroke="#333"/>`);
    out.push(`<text x="${x(v)}" y="${H - m.bottom + 20}" text-anchor="middle">${fmtWorks(v)}</text>`);
  }
  out.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${H - m.bottom}" y2="${H - m.bottom}" stroke="#333"/>`);
  out.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${H - m.bottom}" stroke="#333"/>`);
  out.push(`<text x="${(m.left + W - m.right) / 2}" y="${H - 18}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  out.push(
    `<text transform="translate(18 ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`,
  );
  o.series.forEach((s, i) => {
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    out.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="2.5" points="${pts.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(' ')}"/>`,
    );
    for (const [a, b] of pts) {
      out.push(
        `<circle cx="${x(a).toFixed(1)}" cy="${y(b).toFixed(1)}" r="4" fill="${s.color}"><title>${esc(s.name)}: ${b} ms at ${fmtWorks(a)} works</title></circle>`,
      );
      out.push(
        `<text x="${x(a).toFixed(1)}" y="${(y(b) - 9).toFixed(1)}" text-anchor="middle" fill="${s.color}">${b.toLocaleString('en', { maximumFractionDigits: 0 })}</text>`,
      );
    }
    const ly = m.top + 10 + i * 22;
    out.push(
      `<line x1="${W - m.right + 15}" x2="${W - m.right + 40}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2.5"/>`,
    );
    out.push(`<text x="${W - m.right + 46}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
