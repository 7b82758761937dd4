/**
 * Interactive-path check for the notebook set-up: starts the classic Jupyter Notebook server (Debian's
 * jupyter-notebook), opens notebooks/00-setup-check.ipynb in headless Chromium, runs all cells in the
 * "invlogic" kernel and waits for the plotly figure to be drawn (SVG traces in the page). The kernel is
 * started by the server from notebooks/, as for a user, so this covers the kernel's walk-up to the root.
 * Then it runs notebooks/04-bcnn.ipynb at quick scale (INVLOGIC_QUICK=1; it reuses build/paper-quick/data, so
 * after `npm run test:notebooks` its sweep is already done), checks that the results are shown as HTML tables
 * (lib/viz/table.ts, headers with units) and that its figure is drawn, and takes screenshots of both into
 * .cache/notebook-ui/ (checked to be more than a blank area: a blank element compresses to a few hundred bytes).
 *
 *   npx tsx scripts/notebook-ui-check.ts          (npm run test:notebook-ui)
 *
 * Needs chromium at /usr/bin/chromium (or CHROMIUM_PATH). Exits 1 with one line on failure.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { chromium, type Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..');
const NOTEBOOK = 'notebooks/00-setup-check.ipynb';
const BCNN_NOTEBOOK = 'notebooks/04-bcnn.ipynb';
const SHOTS = path.join(ROOT, '.cache', 'notebook-ui');
/** Bytes below which a PNG screenshot of an element is taken as blank. */
const MIN_SHOT_BYTES = 4000;

/** Opens a notebook, waits for its kernel and runs every cell. */
async function openAndRun(page: Page, base: string, token: string, notebook: string): Promise<void> {
  await page.goto(`${base}/notebooks/${notebook}?token=${token}`);
  await page.waitForFunction(
    () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the classic Notebook's page global
      const nb = (globalThis as any).Jupyter?.notebook;
      return nb?.kernel?.is_connected?.() === true;
    },
    null,
    { timeout: 60_000 },
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await page.evaluate(() => (globalThis as any).Jupyter.notebook.execute_all_cells());
}

/** Notebook 04 in the UI: HTML tables with unit headers, the learning curve drawn; screenshots of both. */
async function checkBcnnNotebook(page: Page, base: string, token: string): Promise<string> {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await openAndRun(page, base, token, BCNN_NOTEBOOK);
  const timeout = Number(process.env.NOTEBOOK_UI_TIMEOUT_S ?? '900') * 1000;
  await page.waitForSelector('.invlogic-plot .scatterlayer .trace', { timeout }).catch(async () => {
    const outputs = await page.locator('.output_area').allInnerTexts();
    throw new Error(
      `${BCNN_NOTEBOOK}: no plotly trace was drawn; page errors: ${pageErrors.join(' | ')}; outputs: ${outputs.join(' | ').slice(0, 2000)}`,
    );
  });
  const tables = page.locator('table.invlogic-table');
  const nTables = await tables.count();
  if (nTables < 2) throw new Error(`${BCNN_NOTEBOOK}: expected the two result tables as HTML, found ${nTables}`);
  const headers = await tables.first().locator('th').allInnerTexts();
  if (!headers.some((h) => h.includes('test acc. (%)')))
    throw new Error(`${BCNN_NOTEBOOK}: table headers lack 'test acc. (%)': ${headers.join(', ')}`);
  const rows = await tables.first().locator('tbody tr').count();
  if (rows < 1) throw new Error(`${BCNN_NOTEBOOK}: the summary table has no rows`);
  if ((await page.locator('.output_area pre').allInnerTexts()).some((t) => /[┌│└]/.test(t)))
    throw new Error(`${BCNN_NOTEBOOK}: a box-drawing console.table is still printed`);
  fs.mkdirSync(SHOTS, { recursive: true });
  const shots: Array<[string, ReturnType<Page['locator']>]> = [
    ['04-bcnn-table.png', tables.first()],
    ['04-bcnn-plot.png', page.locator('.invlogic-plot').last()],
  ];
  for (const [name, element] of shots) {
    await element.scrollIntoViewIfNeeded();
    const png = await element.screenshot({ path: path.join(SHOTS, name) });
    if (png.length < MIN_SHOT_BYTES)
      throw new Error(`${BCNN_NOTEBOOK}: screenshot ${name} is ${png.length} bytes, blank (< ${MIN_SHOT_BYTES})`);
  }
  await page.screenshot({ path: path.join(SHOTS, '04-bcnn-page.png'), fullPage: true });
  return `${BCNN_NOTEBOOK}: ${nTables} HTML tables (${rows} summary rows), plot drawn, screenshots in ${path.relative(ROOT, SHOTS)}/`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForServer(url: string, server: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (server.exitCode !== null) throw new Error(`jupyter notebook exited early:\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`jupyter notebook did not answer at ${url}:\n${log()}`);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const port = await freePort();
  const token = `ui-check-${process.pid}`;
  const base = `http://127.0.0.1:${port}`;
  let serverLog = '';
  const server = spawn(
    'jupyter',
    [
      'notebook',
      '--no-browser',
      `--port=${port}`,
      '--port-retries=0',
      '--ip=127.0.0.1',
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${ROOT}`,
      ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Kernels inherit the server's environment: notebooks run at quick scale, as in npm run test:notebooks.
      env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: '1', INVLOGIC_QUICK: '1' },
    },
  );
  server.stdout?.on('data', (d) => (serverLog += d));
  server.stderr?.on('data', (d) => (serverLog += d));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    await waitForServer(`${base}/api/status?token=${token}`, server, () => serverLog);
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await openAndRun(page, base, token, NOTEBOOK);
    await page.waitForSelector('.invlogic-plot .scatterlayer .trace', { timeout: 90_000 }).catch(async () => {
      const outputs = await page.locator('.output_area').allInnerTexts();
      throw new Error(
        `no plotly trace was drawn; page errors: ${pageErrors.join(' | ')}; outputs: ${outputs.join(' | ')}`,
      );
    });
    const traces = await page.locator('.invlogic-plot .scatterlayer .trace').count();
    const text = (await page.locator('.output_subarea.output_stream').allInnerTexts()).join('\n');
    if (!text.includes(`working directory: ${ROOT}`)) {
      throw new Error(`kernel did not start at the repository root; stream output was: ${text}`);
    }
    const bcnn = await checkBcnnNotebook(await browser.newPage(), base, token);
    await fetch(`${base}/api/sessions?token=${token}`)
      .then((r) => r.json() as Promise<Array<{ id: string }>>)
      .then((sessions) =>
        Promise.all(sessions.map((s) => fetch(`${base}/api/sessions/${s.id}?token=${token}`, { method: 'DELETE' }))),
      );
    console.log(
      `notebook-ui-check: ok — ${NOTEBOOK} ran in Jupyter Notebook + Chromium, ${traces} plotly traces drawn; ` +
        `${bcnn} (${((Date.now() - t0) / 1000).toFixed(1)}s)`,
    );
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  console.error(`notebook-ui-check: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
