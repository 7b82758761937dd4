/**
 * The strict flag parser every `invlogic` command uses. A command declares its flags once; the declaration
 * drives parsing, validation and the `--help` text, so the three can never disagree.
 *
 *   const spec = defineCommand({
 *     name: 'sample',
 *     summary: 'Sample an Ising model with the ideal p-bit sampler',
 *     positionals: [{ name: 'MODEL', help: 'model JSON file' }],
 *     flags: {
 *       'num-reads': { type: 'int', min: 1, max: 1_000_000, default: 100, help: 'independent annealing runs' },
 *       schedule: { type: 'string', choices: ['linear', 'geometric'], default: 'linear', help: 'I0 schedule' },
 *       clamp: { type: 'repeatable', metavar: 'NAME=VALUE', help: 'clamp a spin to +1 or -1' },
 *       quiet: { type: 'boolean', help: 'print nothing but the result' },
 *     },
 *   });
 *   const args = parseArgs(spec, argv);          // args.flags['num-reads']: number
 *   if (args.help) { io.stdout(formatHelp(spec)); return 0; }
 *
 * Accepted syntax: `--flag value`, `--flag=value`, `--bool`, `--no-bool`, `--bool=true|false`, `--` ends
 * flags, `-h`/`--help` anywhere. Anything else that starts with `-` is an unknown flag. Every mistake is an
 * InvlogicError naming the flag and what it accepts.
 */
import { InvlogicError } from '../lib/errors';

interface FlagBase {
  /** One line for `--help`. */
  help: string;
  /** Placeholder in `--help`, e.g. `FILE`; defaults to the type name. */
  metavar?: string;
}
export interface StringFlag extends FlagBase {
  type: 'string';
  default?: string;
  /** If given, the value must be one of these. */
  choices?: readonly string[];
  required?: boolean;
}
export interface IntFlag extends FlagBase {
  type: 'int';
  default?: number;
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  required?: boolean;
}
export interface NumberFlag extends FlagBase {
  type: 'number';
  default?: number;
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  required?: boolean;
}
export interface BooleanFlag extends FlagBase {
  type: 'boolean';
  /** Defaults to false; `--no-NAME` sets false explicitly. */
  default?: boolean;
}
/** A string flag that may be given many times, e.g. `--clamp A=1 --clamp B=-1`; the value is a list. */
export interface RepeatableFlag extends FlagBase {
  type: 'repeatable';
  /** If given, every value must be one of these. */
  choices?: readonly string[];
  /** If given, every value must match (anchor it yourself), e.g. /^[A-Za-z_][\w.[\]]*=-?1$/. */
  pattern?: RegExp;
  /** At least this many occurrences (default 0). */
  minCount?: number;
}
export type FlagSpec = StringFlag | IntFlag | NumberFlag | BooleanFlag | RepeatableFlag;

export interface PositionalSpec {
  /** Upper-case placeholder shown in usage, e.g. `MODEL`. */
  name: string;
  help: string;
  /** Defaults to true. Optional positionals must come after required ones. */
  required?: boolean;
  /** Only the last positional may be variadic; it collects all remaining arguments. */
  variadic?: boolean;
}

export interface CommandSpec {
  /** Command name as typed after `invlogic`. */
  name: string;
  summary: string;
  /** Extra paragraph(s) printed after the flag table, e.g. examples. */
  description?: string;
  flags: Readonly<Record<string, FlagSpec>>;
  positionals?: readonly PositionalSpec[];
}

/** The parsed value type of one flag declaration. */
export type FlagValue<F extends FlagSpec> = F extends BooleanFlag
  ? boolean
  : F extends RepeatableFlag
    ? string[]
    : F extends IntFlag | NumberFlag
      ? F extends { default: number } | { required: true }
        ? number
        : number | undefined
      : F extends StringFlag
        ? F extends { default: string } | { required: true }
          ? F extends { choices: readonly (infer C)[] }
            ? C
            : string
          : (F extends { choices: readonly (infer C)[] } ? C : string) | undefined
        : never;

export interface ParsedArgs<S extends CommandSpec> {
  /** True if `-h`/`--help` was given; nothing else is validated then. */
  help: boolean;
  flags: { [K in keyof S['flags']]: FlagValue<S['flags'][K]> };
  positionals: string[];
  /** The flags the user actually typed (not defaults), by declared name. */
  given: Set<string>;
}

const FLAG_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Checks a declaration once (flag names, defaults inside their own range, positional order) and returns it
 * with its literal types kept, so `parseArgs` can type the result.
 */
export function defineCommand<const S extends CommandSpec>(spec: S): S {
  for (const [name, flag] of Object.entries(spec.flags)) {
    if (!FLAG_NAME.test(name) || name === 'help') {
      throw new Error(`command ${spec.name}: bad flag name '${name}' (kebab-case, not 'help')`);
    }
    if (flag.type === 'boolean' && Object.hasOwn(spec.flags, `no-${name}`)) {
      throw new Error(`command ${spec.name}: flag --no-${name} clashes with the negation of --${name}`);
    }
    if ((flag.type === 'int' || flag.type === 'number' || flag.type === 'string') && flag.default !== undefined) {
      checkValue(spec.name, name, flag, String(flag.default)); // throws if the default violates its own range
    }
  }
  const positionals = spec.positionals ?? [];
  positionals.forEach((p, i) => {
    if (p.variadic && i !== positionals.length - 1) {
      throw new Error(`command ${spec.name}: only the last positional may be variadic`);
    }
    if (p.required !== false && i > 0 && positionals[i - 1].required === false) {
      throw new Error(`command ${spec.name}: required positional ${p.name} after an optional one`);
    }
  });
  return spec;
}

/** Parses `argv` (the arguments after the command name) against `spec`. Throws InvlogicError on any mistake. */
export function parseArgs<S extends CommandSpec>(spec: S, argv: readonly string[]): ParsedArgs<S> {
  const values: Record<string, unknown> = {};
  const given = new Set<string>();
  const positionals: string[] = [];
  let help = false;

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (token === '-h' || token === '--help') {
      help = true;
      continue;
    }
    if (!token.startsWith('-') || token === '-' || isNumberLiteral(token)) {
      positionals.push(token);
      continue;
    }
    if (!token.startsWith('--')) {
      throw unknownFlag(spec, token);
    }
    const eq = token.indexOf('=');
    const rawName = token.slice(2, eq === -1 ? undefined : eq);
    const inlineValue = eq === -1 ? undefined : token.slice(eq + 1);

    const name = rawName;
    const flag = Object.hasOwn(spec.flags, name) ? spec.flags[name] : undefined;
    if (flag === undefined && name.startsWith('no-')) {
      const positive = name.slice(3);
      const candidate = Object.hasOwn(spec.flags, positive) ? spec.flags[positive] : undefined;
      if (candidate?.type === 'boolean') {
        if (inlineValue !== undefined) {
          throw new InvlogicError(`--${name} takes no value`, `--${name}`);
        }
        values[positive] = false;
        given.add(positive);
        continue;
      }
    }
    if (flag === undefined) {
      throw unknownFlag(spec, `--${rawName}`);
    }

    if (flag.type === 'boolean') {
      if (inlineValue === undefined) {
        values[name] = true;
      } else if (inlineValue === 'true' || inlineValue === 'false') {
        values[name] = inlineValue === 'true';
      } else {
        throw new InvlogicError(
          `--${name} is a switch: use --${name}, --no-${name} or --${name}=true|false`,
          `--${name}`,
        );
      }
      given.add(name);
      continue;
    }

    let raw = inlineValue;
    if (raw === undefined) {
      const next = argv[i + 1];
      // A following token is this flag's value unless it looks like another flag (negative numbers are values).
      if (next === undefined || next.startsWith('--') || next === '-h') {
        throw new InvlogicError(`--${name} needs a value: ${describe(flag)}`, `--${name}`);
      }
      raw = next;
      i++;
    }
    if (flag.type === 'repeatable') {
      checkValue(spec.name, name, flag, raw);
      const list = (values[name] as string[] | undefined) ?? [];
      list.push(raw);
      values[name] = list;
    } else {
      if (given.has(name)) {
        throw new InvlogicError(`--${name} given more than once`, `--${name}`);
      }
      values[name] = checkValue(spec.name, name, flag, raw);
    }
    given.add(name);
  }

  // Defaults and requirements.
  for (const [name, flag] of Object.entries(spec.flags)) {
    if (given.has(name)) continue;
    switch (flag.type) {
      case 'boolean':
        values[name] = flag.default ?? false;
        break;
      case 'repeatable':
        values[name] = [];
        break;
      default:
        values[name] = flag.default;
        if (!help && flag.required && flag.default === undefined) {
          throw new InvlogicError(`missing required flag --${name}: ${describe(flag)}`, `--${name}`);
        }
    }
  }
  for (const [name, flag] of Object.entries(spec.flags)) {
    if (!help && flag.type === 'repeatable' && (values[name] as string[]).length < (flag.minCount ?? 0)) {
      throw new InvlogicError(`--${name} must be given at least ${flag.minCount} time(s)`, `--${name}`);
    }
  }

  if (!help) checkPositionals(spec, positionals);
  return { help, flags: values as ParsedArgs<S>['flags'], positionals, given };
}

/**
 * Splits repeated `NAME=VALUE` flag values (e.g. `--clamp A=1 --clamp B=-1`) into pairs, parsing each value
 * as `type` within [min, max]. Duplicate names are an error.
 */
export function parseAssignments(
  flagName: string,
  list: readonly string[],
  value: { type: 'int' | 'number'; min?: number; max?: number } | { type: 'string'; choices?: readonly string[] },
): Array<[string, number | string]> {
  const seen = new Set<string>();
  const pairs: Array<[string, number | string]> = [];
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) {
      throw new InvlogicError(`--${flagName} expects NAME=VALUE, got '${item}'`, `--${flagName}`);
    }
    const key = item.slice(0, eq);
    if (seen.has(key)) {
      throw new InvlogicError(`--${flagName} sets '${key}' more than once`, `--${flagName}`);
    }
    seen.add(key);
    const spec: FlagSpec = { ...value, help: '' } as FlagSpec;
    pairs.push([key, checkValue('', `${flagName} ${key}`, spec, item.slice(eq + 1)) as number | string]);
  }
  return pairs;
}

/** The `--help` text generated from the declaration. `program` prefixes the usage line. */
export function formatHelp(spec: CommandSpec, program = 'invlogic'): string {
  const positionals = spec.positionals ?? [];
  const usageArgs = positionals.map((p) => {
    const core = p.variadic ? `${p.name}...` : p.name;
    return p.required === false ? `[${core}]` : core;
  });
  const hasFlags = Object.keys(spec.flags).length > 0;
  const lines: string[] = [
    `Usage: ${[program, spec.name, hasFlags ? '[flags]' : '', ...usageArgs].filter(Boolean).join(' ')}`,
    '',
    spec.summary,
  ];
  const rows: Array<[string, string]> = [];
  if (positionals.length > 0) {
    lines.push('', 'Arguments:');
    const width = Math.max(...positionals.map((p) => p.name.length)) + 2;
    for (const p of positionals) lines.push(`  ${p.name.padEnd(width)}${p.help}`);
  }
  for (const [name, flag] of Object.entries(spec.flags)) {
    const left = flag.type === 'boolean' ? `--${name}` : `--${name} ${metavar(flag)}`;
    rows.push([left, `${flag.help}${helpDetails(flag)}`]);
  }
  rows.push(['-h, --help', 'show this help']);
  lines.push('', 'Flags:');
  const width = Math.min(Math.max(...rows.map(([l]) => l.length)) + 2, 32);
  for (const [left, right] of rows) {
    lines.push(
      left.length + 2 > width ? `  ${left}\n  ${''.padEnd(width)}${right}` : `  ${left.padEnd(width)}${right}`,
    );
  }
  if (spec.description) lines.push('', spec.description.trimEnd());
  return lines.join('\n') + '\n';
}

function metavar(flag: FlagSpec): string {
  if (flag.metavar) return flag.metavar;
  switch (flag.type) {
    case 'int':
      return 'INT';
    case 'number':
      return 'NUM';
    default:
      return flag.type !== 'boolean' && flag.choices ? flag.choices.join('|') : 'STR';
  }
}

function helpDetails(flag: FlagSpec): string {
  const parts: string[] = [];
  if (flag.type === 'int' || flag.type === 'number') {
    const range = rangeText(flag);
    if (range) parts.push(range);
  }
  if (flag.type === 'repeatable') parts.push('repeatable');
  if ((flag.type === 'string' || flag.type === 'repeatable') && flag.choices && flag.metavar) {
    parts.push(`one of ${flag.choices.join('|')}`);
  }
  if (flag.type !== 'boolean' && flag.type !== 'repeatable') {
    if (flag.default !== undefined) parts.push(`default ${flag.default}`);
    else if (flag.required) parts.push('required');
  } else if (flag.type === 'boolean' && flag.default === true) {
    parts.push('default on; --no-... turns it off');
  }
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function rangeText(flag: IntFlag | NumberFlag): string {
  const { min, max } = flag;
  if (min !== undefined && max !== undefined) return `${min}..${max}`;
  if (min !== undefined) return `>= ${min}`;
  if (max !== undefined) return `<= ${max}`;
  return '';
}

/** What a flag accepts, for error messages. */
function describe(flag: FlagSpec): string {
  switch (flag.type) {
    case 'int':
    case 'number': {
      const kind = flag.type === 'int' ? 'an integer' : 'a number';
      const { min, max } = flag;
      if (min !== undefined && max !== undefined) return `${kind} in [${min}, ${max}]`;
      if (min !== undefined) return `${kind} >= ${min}`;
      if (max !== undefined) return `${kind} <= ${max}`;
      return kind;
    }
    case 'string':
    case 'repeatable':
      if (flag.choices) return `one of ${flag.choices.join('|')}`;
      if (flag.type === 'repeatable' && flag.pattern) return `${flag.metavar ?? 'a value'} matching ${flag.pattern}`;
      return flag.metavar ? `${flag.metavar}` : 'a string';
    case 'boolean':
      return 'a switch';
  }
}

function checkValue(command: string, name: string, flag: FlagSpec, raw: string): string | number {
  const where = `--${name}`;
  switch (flag.type) {
    case 'int':
    case 'number': {
      const trimmed = raw.trim();
      // Number('') is 0 and Number('0x10') is 16: accept only plain decimal / exponent notation.
      const x = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed) ? Number(trimmed) : NaN;
      const ok =
        Number.isFinite(x) &&
        (flag.type === 'number' || Number.isSafeInteger(x)) &&
        (flag.min === undefined || x >= flag.min) &&
        (flag.max === undefined || x <= flag.max);
      if (!ok) {
        throw new InvlogicError(`${where} must be ${describe(flag)}, got '${raw}'`, where);
      }
      return x;
    }
    case 'string':
    case 'repeatable':
      if (flag.choices && !flag.choices.includes(raw)) {
        throw new InvlogicError(`${where} must be ${describe(flag)}, got '${raw}'`, where);
      }
      if (flag.type === 'repeatable' && flag.pattern && !flag.pattern.test(raw)) {
        throw new InvlogicError(`${where} must be ${describe(flag)}, got '${raw}'`, where);
      }
      return raw;
    case 'boolean':
      throw new Error(`command ${command}: checkValue called for switch ${where}`);
  }
}

function checkPositionals(spec: CommandSpec, positionals: string[]): void {
  const declared = spec.positionals ?? [];
  const required = declared.filter((p) => p.required !== false).length;
  const variadic = declared.length > 0 && declared[declared.length - 1].variadic === true;
  const usage = declared.map((p) => p.name).join(' ') || '(none)';
  if (positionals.length < required) {
    const missing = declared[positionals.length].name;
    throw new InvlogicError(`${spec.name}: missing argument ${missing} (expects ${usage})`, missing);
  }
  if (!variadic && positionals.length > declared.length) {
    const extra = positionals[declared.length];
    throw new InvlogicError(
      `${spec.name}: unexpected argument '${extra}' (expects ${declared.length === 0 ? 'no arguments' : usage})`,
      extra,
    );
  }
}

function unknownFlag(spec: CommandSpec, token: string): InvlogicError {
  const known = Object.keys(spec.flags).map((n) => `--${n}`);
  const name = token.replace(/=.*$/, '');
  const close = known.filter((k) => editDistance(k, name) <= 2);
  const hint =
    close.length > 0
      ? `; did you mean ${close.join(' or ')}?`
      : known.length > 0
        ? `; known: ${known.join(', ')}`
        : '; it takes no flags';
  return new InvlogicError(`unknown flag ${name} for '${spec.name}'${hint}`, name);
}

function isNumberLiteral(token: string): boolean {
  return /^-(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(token);
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
