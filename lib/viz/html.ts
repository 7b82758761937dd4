/**
 * Figure -> HTML. The plotly.js library comes from the installed `plotly.js-dist-min` package (no network):
 * inlined into a standalone page (self-contained, ~4.6 MB) or into the first notebook output of a session.
 */
import * as fs from 'fs';
import type { PlotlyFigure } from './figure';

let plotlyCache: string | undefined;

/** The minified plotly.js bundle, safe to embed inside a <script> element. */
export function plotlySource(): string {
  plotlyCache ??= fs.readFileSync(require.resolve('plotly.js-dist-min'), 'utf8').replace(/<\/script/gi, '<\\/script');
  return plotlyCache;
}

/** Version of the bundled plotly.js (for provenance in exported pages). */
export function plotlyVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- package metadata
  return (require('plotly.js-dist-min/package.json') as { version: string }).version;
}

/**
 * A <script> that defines window.Plotly unless it is already there. `define`, `module` and `exports` are
 * hidden so that require.js (classic Notebook) or a CommonJS shim does not capture plotly's UMD wrapper.
 */
export function plotlyScriptTag(): string {
  return `<script>if (!window.Plotly) { (function (define, module, exports) { ${plotlySource()} })(undefined, undefined, undefined); }</script>`;
}

/** JSON for embedding in a <script>: `<` escaped so a label like '</script>' cannot end the element. */
export function figureJson(fig: PlotlyFigure): string {
  return JSON.stringify(fig)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A <div> plus the script that draws `fig` into it (plotly must be loaded before the script runs). */
export function figureDiv(fig: PlotlyFigure, id: string, options: { responsive?: boolean } = {}): string {
  const height = typeof fig.layout.height === 'number' ? `${fig.layout.height}px` : '420px';
  const width = typeof fig.layout.width === 'number' ? `${fig.layout.width}px` : '100%';
  return (
    `<div id="${id}" class="invlogic-plot" style="width:${width};height:${height}"></div>` +
    `<script>(function () { var f = ${figureJson(fig)}; ` +
    `Plotly.newPlot(${JSON.stringify(id)}, f.data, f.layout, {responsive: ${options.responsive ?? true}, displaylogo: false}); })();</script>`
  );
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface HtmlOptions {
  /** Page <title> (default: the figure title). */
  title?: string;
  /** Paragraph shown under the figure (e.g. the command that produced it). */
  caption?: string;
  /**
   * Load plotly.js from this URL or relative path instead of inlining it (pages of a few kB instead of
   * ~4.6 MB, e.g. '../node_modules/plotly.js-dist-min/plotly.min.js'); the page is then not self-contained.
   */
  plotlySrc?: string;
}

/** A standalone HTML page with plotly inlined (unless `plotlySrc`): opens offline, in any browser, forever. */
export function figureToHtml(fig: PlotlyFigure, options: HtmlOptions = {}): string {
  const title = options.title ?? fig.layout.title.text ?? 'figure';
  const caption = options.caption
    ? `<p style="font-family:sans-serif;color:#444">${escapeHtml(options.caption)}</p>`
    : '';
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8">',
    `<meta name="generator" content="invlogic lib/viz, plotly.js ${plotlyVersion()}">`,
    `<title>${escapeHtml(title)}</title>`,
    options.plotlySrc === undefined ? plotlyScriptTag() : `<script src="${escapeHtml(options.plotlySrc)}"></script>`,
    '</head><body style="margin:0;padding:8px">',
    figureDiv(fig, 'figure'),
    caption,
    '</body></html>',
    '',
  ].join('\n');
}
