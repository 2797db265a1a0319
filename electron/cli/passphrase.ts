import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { MixwiseError } from '../core/errors';
import { assertNewPassphrase } from '../core/study/file';
import { PASSPHRASE_ENV, UsageError } from './args';
import type { CliIo } from './command';

/**
 * Where a passphrase comes from: the MIXWISE_PASSPHRASE variable (scripts) or a hidden prompt on a
 * terminal (people). Never a command-line argument, which other users of the machine can read.
 */

const NEW_PASSPHRASE_ATTEMPTS = 3;

export interface PassphraseRequest {
  /** What the passphrase is for, shown in the prompt: "the study file demo.mixwise". */
  subject: string;
  /** A new file: the prompt asks twice and checks the minimum length before any file is made. */
  isNew: boolean;
  /** The environment variable to read; MIXWISE_PASSPHRASE unless the secret is another file's (the vault's). */
  variable?: string;
}

export async function readPassphrase(io: CliIo, request: PassphraseRequest): Promise<string> {
  // An empty variable is treated as unset: `MIXWISE_PASSPHRASE= mixwise ...` is almost always a
  // script whose secret failed to load, and "Enter the passphrase" would hide that.
  const variable = request.variable ?? PASSPHRASE_ENV;
  const fromEnvironment = io.env[variable];
  // Read once, then gone from the environment: child processes (the PDF printer's Chromium) and
  // anything that dumps the environment later must not find it.
  delete io.env[variable];
  if (fromEnvironment) return fromEnvironment;
  if (!io.stdin.isTTY) {
    throw new UsageError(`Set ${variable} or run in a terminal to be asked for the passphrase.`);
  }
  if (!request.isNew) return askHidden(io, `Passphrase for ${request.subject}: `);

  for (let attempt = 1; ; attempt++) {
    const first = await askHidden(io, `New passphrase for ${request.subject}: `);
    // Too short is said at once, before the second entry, so nobody types a doomed passphrase twice.
    let problem = newPassphraseProblem(first);
    if (!problem && (await askHidden(io, 'Repeat the passphrase: ')) !== first) problem = 'The two passphrases differ.';
    if (!problem) return first;
    if (attempt === NEW_PASSPHRASE_ATTEMPTS) throw new UsageError(`${problem.replace(/\.$/, '')}; no file was made.`);
    io.stderr.write(`${problem} Try again.\n`);
  }
}

function newPassphraseProblem(passphrase: string): string | undefined {
  try {
    assertNewPassphrase(passphrase);
    return undefined;
  } catch (error) {
    if (error instanceof MixwiseError) return error.message;
    throw error;
  }
}

/**
 * Reads one line with echo off. readline still handles the keys (backspace, Ctrl-U, pasting,
 * multi-byte characters); only its output is swallowed, so nothing typed reaches the screen.
 * The prompt itself goes to stderr because stdout is reserved for the command's result.
 */
function askHidden(io: CliIo, prompt: string): Promise<string> {
  let muted = false;
  const echo = new Writable({
    write(chunk, encoding, done) {
      if (!muted) io.stderr.write(chunk, encoding);
      done();
    },
  });
  // historySize 0: the passphrase must not linger in readline's in-memory history.
  const rl = createInterface({ input: io.stdin, output: echo, terminal: true, historySize: 0 });
  return new Promise((resolve, reject) => {
    let answered = false;
    const cancel = () => {
      if (answered) return;
      answered = true;
      rl.close();
      io.stderr.write('\n');
      reject(new MixwiseError('CANCELLED', 'Cancelled; nothing was changed.'));
    };
    rl.on('SIGINT', cancel);
    // Ctrl-D (end of input) closes the interface without an answer.
    rl.on('close', cancel);
    io.stderr.write(prompt);
    muted = true;
    rl.question('', (answer) => {
      answered = true;
      rl.close();
      io.stderr.write('\n');
      resolve(answer);
    });
  });
}
