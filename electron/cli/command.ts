import type { OptionSpecs, OptionValues } from './args';

/** What a command may touch of the outside world; main.ts passes the real process streams. */
export interface CliIo {
  stdin: NodeJS.ReadStream;
  /** Only a command's result (JSON, one summary line): scripts parse it. */
  stdout: NodeJS.WritableStream;
  /** Prompts, progress and error sentences. */
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Relative paths in arguments are resolved against this. */
  cwd: string;
}

/**
 * One entry of the command table. Adding a command means writing one of these and listing it in
 * commands/index.ts; parsing, help, passphrase handling and exit codes come for free.
 */
export interface Command {
  /** As typed by the user; may be two words ("ids check"). */
  name: string;
  /** One line for `mixwise --help`. */
  summary: string;
  /** The synopsis after "mixwise ", e.g. "demo --out FILE [--participants N]". */
  synopsis: string;
  /** Extra paragraphs for `mixwise <command> --help` (examples, what gets written). */
  details?: string;
  options: OptionSpecs;
  /** Words after the command's name, for commands that take them (`ids check ID...`); refused otherwise. */
  positionals?: { valueName: string; description: string };
  /** Throws UsageError or MixwiseError on failure; main.ts turns those into a sentence and exit code. */
  run(values: OptionValues, io: CliIo, positionals: string[]): Promise<void>;
}
