/** Runs the invlogic CLI in-process for tests, capturing what commands print (they write to process.stdout). */
import { main, type CliIO } from '../../cli/main';

export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io: CliIO & { out: string; err: string } = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await main(argv, io);
    return { code, out: out + io.out, err: io.err };
  } finally {
    process.stdout.write = write;
  }
}
