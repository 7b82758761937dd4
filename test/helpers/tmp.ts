/**
 * Temporary directories for tests, removed when the test process exits (node --test runs each file in its own
 * process), whether the test passed or failed: `const dir = tempDir('invlogic-sample-')`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made: string[] = [];

process.on('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory under the system temp dir, named `<prefix>XXXXXX`; removed at process exit. */
export function tempDir(prefix = 'invlogic-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
