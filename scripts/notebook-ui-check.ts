/**
 * Interactive-path check for the notebook set-up: starts the classic Jupyter Notebook server (Debian's
 * jupyter-notebook), opens notebooks/00-setup-check.ipynb in headless Chromium, runs all cells in the
 * "invlogic" kernel and waits for the plotly figure to be drawn (SVG traces in the page). The kernel is
 * started by the server from notebooks/, as for a user, so this covers the kernel's walk-up to the root.
 *
 *   npx tsx scripts/notebook-ui-check.ts          (npm run test:notebook-ui)
 *
 * Needs chromium at /usr/bin/chromium (or CHROMIUM_PATH). Exits 1 with one line on failure.
 */
import { ChildProcess, spawn } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..');
const NOTEBOOK = 'notebooks/00-setup-check.ipynb';

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
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: '1' } },
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
    await page.goto(`${base}/notebooks/${NOTEBOOK}?token=${token}`);
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
    await fetch(`${base}/api/sessions?token=${token}`)
      .then((r) => r.json() as Promise<Array<{ id: string }>>)
      .then((sessions) =>
        Promise.all(sessions.map((s) => fetch(`${base}/api/sessions/${s.id}?token=${token}`, { method: 'DELETE' }))),
      );
    console.log(
      `notebook-ui-check: ok — ${NOTEBOOK} ran in Jupyter Notebook + Chromium, ${traces} plotly traces drawn ` +
        `(${((Date.now() - t0) / 1000).toFixed(1)}s)`,
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
