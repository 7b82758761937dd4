/**
 * Static export: self-contained HTML (always) and PNG/SVG rendered by plotly itself inside headless Debian
 * Chromium driven by playwright-core. We never download a browser: the executable is /usr/bin/chromium
 * (override with env INVLOGIC_CHROMIUM); if it is missing, image export fails with an InvlogicError that says
 * how to install it or how to skip images.
 *
 *   const exporter = await FigureExporter.open();          // one browser for many figures
 *   try {
 *     await exporter.write(fig, 'figures/and-occupancy', { formats: ['html', 'png'] });
 *   } finally {
 *     await exporter.close();
 *   }
 */
import * as fs from 'fs';
import * as path from 'path';
import { InvlogicError, requireOneOf } from '../errors';
import { findNonFinite, type PlotlyFigure } from './figure';
import { figureToHtml, plotlySource, type HtmlOptions } from './html';

export type ExportFormat = 'html' | 'png' | 'svg';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['html', 'png', 'svg'];

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export interface WriteOptions extends HtmlOptions {
  /** Default ['html', 'png']. */
  formats?: readonly ExportFormat[];
  /** Image size in CSS pixels when the layout sets none (default 800 x 500). */
  width?: number;
  height?: number;
  /** Device pixel ratio of PNGs (default 2). */
  scale?: number;
}

/** The Chromium executable to use, or an InvlogicError explaining how to get one (or skip images). */
export function chromiumPath(): string {
  const exe = process.env.INVLOGIC_CHROMIUM || DEFAULT_CHROMIUM;
  if (!fs.existsSync(exe)) {
    throw new InvlogicError(
      `PNG/SVG export needs Chromium at ${exe}, which is missing: install Debian's package ('apt-get install -y chromium'), ` +
        'point INVLOGIC_CHROMIUM at another Chromium, or skip images (--no-png / formats: ["html"])',
      'chromium',
    );
  }
  return exe;
}

/** Checks a figure before writing it: no NaN/Infinity anywhere (JSON would turn them into silent gaps). */
export function assertExportable(fig: PlotlyFigure, name = 'figure'): void {
  if (!fig || !Array.isArray(fig.data) || typeof fig.layout !== 'object') {
    throw new InvlogicError(`${name} must be a plotly figure {data: [...], layout: {...}}`, name);
  }
  const bad = findNonFinite(fig, name);
  if (bad.length > 0) {
    throw new InvlogicError(
      `${name} has non-finite numbers at ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', ...' : ''}`,
      name,
    );
  }
}

/** Writes `<base>.html` only; needs no browser. Returns the path written. */
export function writeHtml(fig: PlotlyFigure, base: string, options: HtmlOptions = {}): string {
  assertExportable(fig, base);
  const file = `${base}.html`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeAtomic(file, figureToHtml(fig, options));
  return file;
}

function writeAtomic(file: string, content: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

// Minimal structural types for the parts of playwright-core we use (keeps the import lazy).
interface PwPage {
  setContent(html: string, options?: { waitUntil?: string }): Promise<void>;
  addScriptTag(options: { content: string }): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}
interface PwBrowser {
  newPage(options?: { deviceScaleFactor?: number }): Promise<PwPage>;
  close(): Promise<void>;
}

/** One headless Chromium with plotly.js loaded, reused for every image. */
export class FigureExporter {
  private pages = new Map<number, PwPage>();

  private constructor(private readonly browser: PwBrowser | undefined) {}

  /**
   * Starts Chromium unless `images` is false (then only HTML can be written). Throws the InvlogicError of
   * `chromiumPath()` when Chromium is missing.
   */
  static async open(options: { images?: boolean } = {}): Promise<FigureExporter> {
    if (options.images === false) return new FigureExporter(undefined);
    const executablePath = chromiumPath();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- heavy; loaded only when images are wanted
    const { chromium } = require('playwright-core') as { chromium: { launch(o: object): Promise<PwBrowser> } };
    const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    return new FigureExporter(browser);
  }

  get images(): boolean {
    return this.browser !== undefined;
  }

  private async page(scale: number): Promise<PwPage> {
    let page = this.pages.get(scale);
    if (!page) {
      if (!this.browser)
        throw new InvlogicError('this exporter was opened without images; only html can be written', 'formats');
      page = await this.browser.newPage({ deviceScaleFactor: scale });
      await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>');
      await page.addScriptTag({ content: plotlySource() });
      this.pages.set(scale, page);
    }
    return page;
  }

  /** Renders `fig` to PNG bytes or SVG text with plotly's own toImage. */
  async render(
    fig: PlotlyFigure,
    format: 'png' | 'svg',
    options: { width?: number; height?: number; scale?: number } = {},
  ): Promise<Buffer> {
    assertExportable(fig);
    const width = typeof fig.layout.width === 'number' ? fig.layout.width : (options.width ?? 800);
    const height = typeof fig.layout.height === 'number' ? fig.layout.height : (options.height ?? 500);
    const scale = options.scale ?? 2;
    const page = await this.page(1);
    const dataUrl = await page.evaluate(
      async (a: { fig: PlotlyFigure; format: string; width: number; height: number; scale: number }) => {
        const P = (globalThis as unknown as { Plotly: { toImage(f: unknown, o: unknown): Promise<string> } }).Plotly;
        return P.toImage(
          { data: a.fig.data, layout: a.fig.layout },
          { format: a.format, width: a.width, height: a.height, scale: a.scale },
        );
      },
      { fig, format, width, height, scale },
    );
    const comma = dataUrl.indexOf(',');
    const header = dataUrl.slice(0, comma);
    const body = dataUrl.slice(comma + 1);
    return header.endsWith(';base64') ? Buffer.from(body, 'base64') : Buffer.from(decodeURIComponent(body), 'utf8');
  }

  /** Writes `<base>.<format>` for every requested format; returns the paths written. */
  async write(fig: PlotlyFigure, base: string, options: WriteOptions = {}): Promise<string[]> {
    const formats = (options.formats ?? ['html', 'png']).map((f, i) =>
      requireOneOf(`formats[${i}]`, f, EXPORT_FORMATS),
    );
    assertExportable(fig, base);
    const written: string[] = [];
    fs.mkdirSync(path.dirname(base), { recursive: true });
    for (const format of formats) {
      if (format === 'html') {
        written.push(writeHtml(fig, base, options));
      } else {
        const bytes = await this.render(fig, format, options);
        const file = `${base}.${format}`;
        writeAtomic(file, bytes);
        written.push(file);
      }
    }
    return written;
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.pages.clear();
    if (browser) await browser.close();
  }
}

/** One-shot convenience: opens a browser if images are requested, writes, closes. */
export async function writeFigure(fig: PlotlyFigure, base: string, options: WriteOptions = {}): Promise<string[]> {
  const formats = options.formats ?? ['html', 'png'];
  const exporter = await FigureExporter.open({ images: formats.some((f) => f !== 'html') });
  try {
    return await exporter.write(fig, base, { ...options, formats });
  } finally {
    await exporter.close();
  }
}
