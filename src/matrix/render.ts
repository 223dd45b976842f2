import { Cell, Layer, LAYER_LEGEND, MatrixModel, valueOf } from './model';

/**
 * The matrix as HTML and as SVG, from the model: the one rendering /matrix (into the page) and
 * `attack-kg report` (into the file) share. Strings only, no DOM, so it runs in Node as well.
 */

/** Cividis (Nuñez et al. 2018): readable with every colour vision deficiency and in greyscale. */
const CIVIDIS = ['#00224e', '#123570', '#3b496c', '#575d6d', '#707173', '#8a8678', '#a59c74', '#c3b369', '#fee838'];
export const NO_HOSTS = '#d9d9d9';

const hex = (s: string) => [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16));

/** The scale's colour at share in [0, 1], and the text colour readable on it. */
export function colourOf(share: number | null): { fill: string; ink: string } {
  if (share === null) return { fill: NO_HOSTS, ink: '#444444' };
  const x = Math.min(1, Math.max(0, share)) * (CIVIDIS.length - 1);
  const i = Math.min(CIVIDIS.length - 2, Math.floor(x));
  const [a, b] = [hex(CIVIDIS[i]), hex(CIVIDIS[i + 1])];
  const rgb = a.map((v, k) => Math.round(v + (b[k] - v) * (x - i)));
  const luminance = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
  return { fill: `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`, ink: luminance > 0.5 ? '#000000' : '#ffffff' };
}

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

function cellHtml(c: Cell, layer: Layer, expanded: Set<string>, sub: boolean): string {
  const v = valueOf(c, layer);
  const { fill, ink } = colourOf(v.share);
  const classes = ['cell', sub ? 'sub' : '', v.share === null ? 'nohosts' : '', c.dimmed ? 'dimmed' : ''].filter(Boolean).join(' ');
  const count = v.count === null ? '–' : String(v.count);
  const aria = `${v.text}${c.dimmed ? ' (not used by the chosen adversary)' : ''}`;
  const button =
    `<button type="button" class="${classes}" data-technique="${c.id}" tabindex="-1" style="background:${fill};color:${ink}"` +
    ` aria-label="${escapeHtml(aria)}" title="${escapeHtml(aria)}">` +
    `<span class="tid">${c.id}</span><span class="tname">${escapeHtml(c.name)}</span><span class="num">${count}</span></button>`;
  if (sub || !c.subs.length) return `<div class="slot">${button}</div>`;
  const open = expanded.has(c.id);
  return (
    `<div class="slot">${button}<button type="button" class="toggle" data-toggle="${c.id}" aria-expanded="${open}"` +
    ` aria-label="${open ? 'Hide' : 'Show'} the ${c.subs.length} sub-techniques of ${c.id}">${open ? '▾' : '▸'} ${c.subs.length}</button>` +
    `<div class="subs"${open ? '' : ' hidden'}>${c.subs.map((s) => cellHtml(s, layer, expanded, true)).join('')}</div></div>`
  );
}

/** The matrix as HTML: one column per tactic; the first cell takes the Tab key, arrows move on (matrix/keyboard.ts). */
export function matrixHtml(model: MatrixModel, layer: Layer, expanded: Set<string> = new Set()): string {
  const columns = model.columns
    .map(
      (col) =>
        `<section class="tactic" data-tactic="${col.tactic.shortname}" aria-label="${escapeHtml(col.tactic.name)}">` +
        `<h3 title="${col.tactic.attackId}">${escapeHtml(col.tactic.name)}<small>${col.cells.length} techniques</small></h3>` +
        col.cells.map((c) => cellHtml(c, layer, expanded, false)).join('') +
        `</section>`,
    )
    .join('');
  return `<div class="matrix" data-layer="${layer}">${columns}</div>`.replace('tabindex="-1"', 'tabindex="0"');
}

/** The legend: what colour and number mean in this layer, with the scale drawn in steps. */
export function legendHtml(layer: Layer): string {
  const steps = [0, 0.25, 0.5, 0.75, 1]
    .map((s) => {
      const { fill, ink } = colourOf(s);
      return `<span class="swatch" style="background:${fill};color:${ink}">${Math.round(s * 100)}%</span>`;
    })
    .join('');
  const none = `<span class="swatch" style="background:${NO_HOSTS};color:#444">no hosts</span>`;
  const l = LAYER_LEGEND[layer];
  return `<div class="legend"><span>Colour: ${escapeHtml(l.colour)}</span> ${steps}${none} <span>Number: ${escapeHtml(l.number)}</span></div>`;
}

/** The matrix as a standalone SVG picture (export), sub-techniques left out. */
export function matrixSvg(model: MatrixModel, layer: Layer, title: string): string {
  const [W, H, GAP, HEAD, TOP] = [150, 26, 4, 34, 30];
  const rows = Math.max(...model.columns.map((c) => c.cells.length), 1);
  const width = model.columns.length * (W + GAP) + GAP;
  const height = TOP + HEAD + rows * (H + 2) + 10;
  const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${GAP}" y="20" font-size="14" font-weight="bold">${escapeHtml(title)}</text>`,
  ];
  model.columns.forEach((col, i) => {
    const x = GAP + i * (W + GAP);
    parts.push(`<text x="${x + 2}" y="${TOP + 14}" font-size="11" font-weight="bold">${escapeHtml(clip(col.tactic.name, 24))}</text>`);
    col.cells.forEach((c, j) => {
      const v = valueOf(c, layer);
      const { fill, ink } = colourOf(v.share);
      const y = TOP + HEAD + j * (H + 2);
      parts.push(
        `<g data-technique="${c.id}"${c.dimmed ? ' opacity="0.3"' : ''}><title>${escapeHtml(v.text)}</title>` +
          `<rect x="${x}" y="${y}" width="${W}" height="${H}" fill="${fill}"/>` +
          `<text x="${x + 3}" y="${y + 11}" font-size="9" fill="${ink}">${escapeHtml(clip(`${c.id} ${c.name}`, 30))}</text>` +
          `<text x="${x + W - 3}" y="${y + 22}" font-size="10" font-weight="bold" text-anchor="end" fill="${ink}">${v.count ?? '–'}</text></g>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('');
}
