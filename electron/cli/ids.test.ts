import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dammCheckDigit } from '../core/ids/damm';
import { addIdentityGroup } from '../core/study/design';
import { createStudyFile } from '../core/study/file';
import { addParticipant } from '../core/roster/participants';
import { expectOneSentenceError, PASSPHRASE, runCli, tempFolders } from './testSupport';

const folders = tempFolders();
let studyPath = '';
const onRoster = `4815162${dammCheckDigit('4815162')}`;

beforeAll(() => {
  studyPath = join(folders.make(), 'ids.mixwise');
  const db = createStudyFile(studyPath, PASSPHRASE, { name: 'IDs study' });
  addIdentityGroup(db, { code: 'migrant', name: 'Migrants', labelForOthers: 'migrants' });
  addParticipant(db, { id: onRoster, identityGroupCode: 'migrant' });
  addParticipant(db, { id: '14343143', identityGroupCode: 'migrant', legacy: true });
  db.close();
});
afterAll(() => folders.cleanup());

describe('mixwise ids check', () => {
  const swapped = `${onRoster[1]}${onRoster[0]}${onRoster.slice(2)}`;

  it('says valid or invalid without a study, and needs no passphrase for that', () => {
    const result = runCli(['ids', 'check', onRoster, swapped, '12ab'], { passphrase: null });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      `${onRoster}  valid`,
      `${swapped}  invalid: the check digit does not match`,
      '12ab  invalid: not 8 digits',
    ]);
  });

  it('with a study, names the roster ID an invalid one is one mistake away from, and knows legacy IDs', () => {
    const valid = `1000001${dammCheckDigit('1000001')}`;
    const result = runCli(['ids', 'check', swapped, onRoster.slice(0, 4), onRoster.slice(4), '14343143', valid, '--study', studyPath]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      `${swapped}  invalid: the check digit does not match; did you mean ${onRoster}?`,
      `${onRoster}  valid, on the roster`,
      '14343143  valid: a legacy ID on the roster (no check digit)',
      `${valid}  valid, not on the roster`,
    ]);
  });

  it('prints JSON for scripts', () => {
    const result = runCli(['ids', 'check', swapped, '--study', studyPath, '--json']);
    expect(JSON.parse(result.stdout)).toEqual([{ id: swapped, valid: false, reason: 'checkDigit', nearby: [onRoster], onRoster: false }]);
  });

  it('needs at least one ID, and a passphrase only with --study', () => {
    expect(expectOneSentenceError(runCli(['ids', 'check']), 2)).toContain('at least one ID');
    expect(expectOneSentenceError(runCli(['ids', 'check', onRoster, '--study', studyPath], { passphrase: null }), 2)).toContain('MIXWISE_PASSPHRASE');
    expect(runCli(['ids', 'check', '--help']).stdout).toContain('ID...');
  }, 180_000);
});
