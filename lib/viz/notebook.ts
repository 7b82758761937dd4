/**
 * Inline display in tslab notebooks: `show(fig)` emits one HTML output that draws the figure. plotly.js is
 * embedded with the first figure of a kernel session and reused by later ones (the page keeps window.Plotly),
 * so a notebook carries one copy of the library however many figures it shows. Call `show(fig, { embed:
 * 'always' })` if the output may be rendered on its own (e.g. cells re-run out of order after a reload).
 */
import { figureDiv, plotlyScriptTag } from './html';
import type { PlotlyFigure } from './figure';

let embedded = false;
let counter = 0;

export interface ShowOptions {
  /** 'once' (default): inline plotly.js only into the first output of the session; 'always': into every output. */
  embed?: 'once' | 'always';
}

/** The HTML `show` would display (exposed for tests and for non-tslab front ends). */
export function showHtml(fig: PlotlyFigure, options: ShowOptions = {}): string {
  const id = `invlogic-plot-${process.pid}-${Date.now().toString(36)}-${counter++}`;
  let library = '';
  if (!embedded || options.embed === 'always') {
    library = plotlyScriptTag();
    embedded = true;
  }
  return library + figureDiv(forNotebook(fig), id);
}

/**
 * The figure as drawn in a notebook output (420 px high unless the figure says otherwise): a legend below the
 * plot (baseLayout's default, placed for the 1000 px PNG export) moves further down, clear of the x-axis title.
 */
function forNotebook(fig: PlotlyFigure): PlotlyFigure {
  const legend = fig.layout.legend as { orientation?: string; y?: number } | undefined;
  if (fig.layout.height !== undefined || legend?.orientation !== 'h' || legend.y !== -0.2) return fig;
  return { ...fig, layout: { ...fig.layout, legend: { ...legend, y: -0.38, yanchor: 'top' } } };
}

/** Displays `fig` inline in a tslab notebook (throws a clear error outside one). */
export function show(fig: PlotlyFigure, options: ShowOptions = {}): void {
  let tslab: { display: { html(s: string): void } };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- tslab exists only inside the kernel
    tslab = require('tslab') as typeof tslab;
  } catch (_err) {
    throw new Error('show() needs the tslab kernel; outside a notebook use writeFigure() from lib/viz/export');
  }
  tslab.display.html(showHtml(fig, options));
}

/** Forget that plotly.js was embedded (e.g. after the notebook page was reloaded but the kernel kept running). */
export function resetShow(): void {
  embedded = false;
}
