/**
 * Named training configurations for `invlogic train ... --config NAME` and the notebooks. One file per
 * configuration, each exporting `config`; add one import line and one entry below.
 */
import { InvlogicError } from '../../lib/errors';
import type { RunConfig } from '../../lib/bnn';
import { config as bcnn10 } from './bcnn-10class';
import { config as bcnn2 } from './bcnn-2class';
import { config as bcnn2small } from './bcnn-2class-small';
import { config as bcnn10small } from './bcnn-10class-small';
import { config as perceptron5 } from './perceptron-5x5';
import { config as paper10 } from './paper-bcnn-10class';
import { config as paper2 } from './paper-bcnn-2class';

export const RUN_CONFIGS: readonly RunConfig[] = [bcnn10, bcnn2, bcnn10small, bcnn2small, perceptron5, paper2, paper10];

export function runConfigNames(): string[] {
  return RUN_CONFIGS.map((c) => c.name);
}

export function getRunConfig(name: string): RunConfig {
  const c = RUN_CONFIGS.find((r) => r.name === name);
  if (!c)
    throw new InvlogicError(
      `unknown config '${name}'; known: ${runConfigNames().join(', ')} (or a .ts/.json file)`,
      '--config',
    );
  return c;
}
