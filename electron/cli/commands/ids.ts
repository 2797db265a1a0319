import { basename, resolve } from 'node:path';
import { checkId, type IdCheck } from '../../core/ids/nearby';
import { openStudyFile } from '../../core/study/file';
import { UsageError } from '../args';
import type { Command } from '../command';
import { readPassphrase } from '../passphrase';

export const idsCheckCommand: Command = {
  name: 'ids check',
  summary: 'Say whether participant IDs are valid; with a study, suggest the roster IDs an invalid one was meant to be.',
  synopsis: 'ids check ID... [--study FILE] [--json]',
  positionals: { valueName: 'ID...', description: 'One or more IDs as typed (spaces and dashes are ignored).' },
  details: [
    'An ID is 8 digits whose last is a Damm check digit: any single wrong digit and any swap of two',
    'neighbouring digits makes it invalid. With --study, each ID is also looked up on the roster, a',
    'legacy ID from an earlier list (no check digit) counts as valid when it is there, and an invalid',
    'ID lists the roster IDs one such mistake away. The exit code is 0 whatever the verdicts; use',
    '--json in scripts. The study passphrase comes from MIXWISE_PASSPHRASE.',
    '',
    'Example:',
    '  mixwise ids check 4815 1620 --study pilot.mixwise',
  ].join('\n'),
  options: {
    study: { type: 'string', valueName: 'FILE', description: 'The study whose roster to compare with.' },
    json: { type: 'boolean', description: 'Print one JSON array instead of lines.' },
  },

  async run(values, io, positionals) {
    if (positionals.length === 0) throw new UsageError('`mixwise ids check` needs at least one ID.');
    // "4815 1620" typed as two words is one ID read off a form in two halves.
    const typed = joinHalves(positionals);
    let roster: { ids: Set<string>; legacy: Set<string> } | undefined;
    if (typeof values.study === 'string') {
      const path = resolve(io.cwd, values.study);
      const passphrase = await readPassphrase(io, { subject: basename(path), isNew: false });
      const db = openStudyFile(path, passphrase);
      try {
        const rows = db.prepare('SELECT id, legacy_id AS legacy FROM participant').all() as { id: string; legacy: number }[];
        roster = { ids: new Set(rows.map((row) => row.id)), legacy: new Set(rows.filter((row) => row.legacy === 1).map((row) => row.id)) };
      } finally {
        db.close();
      }
    }
    const checks = typed.map((id) => checkId(id, roster));
    io.stdout.write(values.json ? `${JSON.stringify(checks, null, 2)}\n` : `${checks.map(describe).join('\n')}\n`);
  },
};

function joinHalves(words: readonly string[]): string[] {
  const ids: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    if (/^\d{4}$/.test(word) && next !== undefined && /^\d{4}$/.test(next)) {
      ids.push(word + next);
      i++;
    } else ids.push(word);
  }
  return ids;
}

function describe(check: IdCheck): string {
  if (check.valid) {
    if (check.legacy) return `${check.id}  valid: a legacy ID on the roster (no check digit)`;
    if (check.onRoster === undefined) return `${check.id}  valid`;
    return `${check.id}  valid, ${check.onRoster ? 'on the roster' : 'not on the roster'}`;
  }
  const why = check.reason === 'format' ? 'not 8 digits' : 'the check digit does not match';
  if (!check.nearby) return `${check.id}  invalid: ${why}`;
  if (check.nearby.length === 0) return `${check.id}  invalid: ${why}; no roster ID is one mistake away`;
  return `${check.id}  invalid: ${why}; did you mean ${check.nearby.join(' or ')}?`;
}
