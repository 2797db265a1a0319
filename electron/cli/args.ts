import { parseArgs } from 'node:util';

/**
 * The shared argument parser for every `mixwise` command. Each command declares its options once
 * (type, value name, help text); the same declaration drives parsing and the `--help` text, so the
 * two cannot drift apart.
 */

/** A mistake in how the command was called. Always exit code 2, always one plain sentence. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Shown in help, e.g. FILE in `--out FILE`. Only for string options. */
  valueName?: string;
  description: string;
  required?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;
export type OptionValues = Record<string, string | boolean | undefined>;

export const PASSPHRASE_ENV = 'MIXWISE_PASSPHRASE';

/**
 * Names that look like an attempt to pass the secret on the command line. A command-line argument
 * is visible to every user of the machine (ps, /proc/PID/cmdline) and lands in shell history, so it
 * is refused outright rather than silently ignored.
 */
const SECRET_FLAG = /^--?(passphrase|password)(=|$)/i;

/** True when the user asked for help anywhere before a `--` terminator. */
export function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/**
 * Parses a command's arguments strictly: unknown options, missing values and stray words are all
 * usage errors, and required options must be present.
 */
export function parseOptions(commandName: string, args: readonly string[], specs: OptionSpecs): OptionValues {
  return parseCommandLine(commandName, args, specs, false).values;
}

/**
 * parseOptions for commands that also take words after their name (`mixwise ids check ID...`):
 * with allowPositionals those words are returned in order instead of being refused.
 */
export function parseCommandLine(
  commandName: string,
  args: readonly string[],
  specs: OptionSpecs,
  allowPositionals: boolean,
): { values: OptionValues; positionals: string[] } {
  const secret = args.find((arg) => SECRET_FLAG.test(arg));
  if (secret) {
    throw new UsageError(
      `Never put the passphrase on the command line (other users can see it there); set ${PASSPHRASE_ENV} or run in a terminal to be asked.`,
    );
  }
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    ...Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, { type: spec.type }])),
    // Known to the parser so that `--help=x` gets a precise message; wantsHelp() handles real requests.
    help: { type: 'boolean', short: 'h' },
  };
  let values: OptionValues;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals });
    values = parsed.values as OptionValues;
    positionals = parsed.positionals;
  } catch (error) {
    throw new UsageError(describeParseError(commandName, args, specs, options, error));
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && values[name] === undefined) {
      throw new UsageError(`\`mixwise ${commandName}\` needs --${name} ${spec.valueName ?? ''}`.trimEnd() + '.');
    }
  }
  return { values, positionals };
}

/**
 * Turns parseArgs' multi-sentence messages into one sentence naming the offending argument. A
 * lenient second pass finds what went wrong; Node's own wording is not relied on.
 */
function describeParseError(
  commandName: string,
  args: readonly string[],
  specs: OptionSpecs,
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>,
  error: unknown,
): string {
  const seeHelp = `run \`mixwise ${commandName} --help\` to see the options`;
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens ?? []) {
    if (token.kind === 'positional') return `Unexpected argument "${token.value}"; ${seeHelp}.`;
    if (token.kind !== 'option') continue;
    const type = options[token.name]?.type;
    if (!type) return `Unknown option ${token.rawName}; ${seeHelp}.`;
    if (type === 'boolean' && token.value !== undefined) return `${token.rawName} takes no value.`;
    // strict mode refuses `--out --seed 3` (a value that looks like an option) where the lenient
    // pass takes "--seed" as the value, so both shapes are reported as a missing value.
    const looksLikeOption = token.value?.startsWith('-') && !token.inlineValue;
    if (type === 'string' && (token.value === undefined || looksLikeOption)) {
      const valueName = specs[token.name]?.valueName ?? 'VALUE';
      return `${token.rawName} needs a value (${token.rawName} ${valueName}; write ${token.rawName}=${valueName} if it starts with a dash).`;
    }
  }
  const code = (error as { code?: string } | null)?.code ?? 'unknown';
  return `The arguments could not be read (${code}); ${seeHelp}.`;
}

/** Reads an optional whole-number option such as --participants or --seed. */
export function integerOption(values: OptionValues, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new UsageError(`--${name} needs a whole number, not "${raw}".`);
  }
  return value;
}

/** Reads a string option that parseOptions has already made sure is present. */
export function requiredString(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`--${name} needs a value.`);
  return value;
}

/** The option list of a command's help text, generated from the same specs the parser uses. */
export function formatOptions(specs: OptionSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => [
    `--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`,
    spec.description + (spec.required ? ' (required)' : ''),
  ]);
  rows.push(['--help', 'Show this help.']);
  const width = Math.max(...rows.map(([flag]) => flag!.length));
  return rows.map(([flag, text]) => `  ${flag!.padEnd(width)}  ${text}`).join('\n');
}
