import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../scripts/paper';

test('npm run paper -- --help prints npm usage, not "npm run paper -- paper"', async () => {
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    assert.equal(await main(['--help']), 0);
  } finally {
    process.stdout.write = write;
  }
  assert.equal(out.split('\n')[0], 'Usage: npm run paper -- [flags]');
  assert.match(out, /--only NAMES/);
});
