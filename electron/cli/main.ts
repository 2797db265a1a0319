import { formatOptions, parseCommandLine, UsageError, wantsHelp } from './args';
import type { CliIo, Command } from './command';
import { commands } from './commands/index';
import { ExitCode, exitCodeFor } from './exitCodes';
import { isMixwiseError } from '../core/errors';

/**
 * Entry point of the `mixwise` command (bin/mixwise.mjs loads this file under tsx). Finds the
 * command in the table, runs it, and turns any failure into one sentence on stderr and an exit
 * code. Returns the exit code rather than calling process.exit so stdout is flushed to pipes.
 */

const TOOL = 'mixwise';

export function mainUsage(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    `Usage: ${TOOL} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    `  ${'help'.padEnd(width)}  Show this help, or a command's: ${TOOL} help <command>.`,
    '',
    `Run \`${TOOL} <command> --help\` for a command's options.`,
    '',
    'The passphrase comes from the MIXWISE_PASSPHRASE environment variable, or is asked for',
    'when run in a terminal; it is never accepted on the command line.',
    '',
    'Exit codes: 0 done, 1 unexpected failure, 2 usage mistake, 3 wrong passphrase,',
    '4 file not usable (missing, not a Mixwise file, damaged, newer version, already exists),',
    '130 interrupted.',
  ].join('\n');
}

export function commandUsage(command: Command): string {
  return [
    `Usage: ${TOOL} ${command.synopsis}`,
    '',
    command.summary,
    '',
    ...(command.positionals ? [`  ${command.positionals.valueName}  ${command.positionals.description}`, ''] : []),
    'Options:',
    formatOptions(command.options),
    ...(command.details ? ['', command.details] : []),
  ].join('\n');
}

/** Finds the command the arguments name; two-word names ("ids check") win over one-word ones. */
function findCommand(args: readonly string[]): { command: Command; rest: readonly string[] } | undefined {
  for (const words of [2, 1]) {
    const name = args.slice(0, words).join(' ');
    const command = commands.find((candidate) => candidate.name === name);
    if (command && args.length >= words) return { command, rest: args.slice(words) };
  }
  return undefined;
}

export async function main(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await dispatch(args, io);
  } catch (error) {
    report(error, io);
    return exitCodeFor(error);
  }
}

async function dispatch(args: readonly string[], io: CliIo): Promise<number> {
  const [first] = args;
  if (first === undefined) {
    io.stderr.write(`${mainUsage()}\n`);
    return ExitCode.usage;
  }
  if (first === '--help' || first === '-h') {
    io.stdout.write(`${mainUsage()}\n`);
    return ExitCode.ok;
  }
  if (first === 'help') {
    const topic = args.slice(1);
    if (topic.length === 0) {
      io.stdout.write(`${mainUsage()}\n`);
      return ExitCode.ok;
    }
    const found = findCommand(topic);
    if (!found || found.rest.length > 0) throw unknownCommand(topic.join(' '));
    io.stdout.write(`${commandUsage(found.command)}\n`);
    return ExitCode.ok;
  }
  const found = findCommand(args);
  if (!found) throw unknownCommand(first);
  if (wantsHelp(found.rest)) {
    io.stdout.write(`${commandUsage(found.command)}\n`);
    return ExitCode.ok;
  }
  const { values, positionals } = parseCommandLine(found.command.name, found.rest, found.command.options, Boolean(found.command.positionals));
  await found.command.run(values, io, positionals);
  return ExitCode.ok;
}

function unknownCommand(name: string): UsageError {
  return new UsageError(`"${name}" is not a ${TOOL} command; run \`${TOOL} --help\` to see the commands.`);
}

/**
 * One plain sentence per failure. Messages of unexpected errors are withheld, like the core does at
 * the API boundary, because a driver message can quote a path or a value; MIXWISE_DEBUG=1 shows
 * them with the stack for whoever is debugging.
 */
function report(error: unknown, io: CliIo): void {
  const debug = io.env.MIXWISE_DEBUG === '1';
  if (error instanceof UsageError || isMixwiseError(error)) {
    io.stderr.write(`${error.message}\n`);
  } else {
    io.stderr.write(`${TOOL} stopped on an unexpected error; run it again with MIXWISE_DEBUG=1 to see the details.\n`);
  }
  if (debug) io.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
}

function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
