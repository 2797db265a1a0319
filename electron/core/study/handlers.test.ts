import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSPHRASE } from '../demo/generate';
import { useTestCore } from '../testSupport';

/** study.changePassphrase in the app: the study re-encrypted while open, and still open afterwards. */

const core = useTestCore('mixwise-study-passphrase-');
const NEW = 'willow harbour ninety';

describe('study.changePassphrase', () => {
  it('re-encrypts the open study, keeps it open (reader thread included), and the next unlock needs the new passphrase', async () => {
    const { path } = (await core.call<{ state: { path: string } }>('demo.open', {})).state;
    const before = await core.call<{ participants: unknown }>('study.summary', {});
    expect(await core.send('study.changePassphrase', { current: 'not the passphrase', next: NEW })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE', field: 'current' },
    });
    expect(await core.send('study.changePassphrase', { current: DEMO_PASSPHRASE, next: 'password1' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', key: 'passphraseWeak', field: 'next' },
    });
    await core.call('study.changePassphrase', { current: DEMO_PASSPHRASE, next: NEW });
    // Still open, with the same content; the analysis (which reads through the reader thread) runs.
    expect(await core.call('study.summary', {})).toEqual(before);
    expect(await core.send('analysis.run', {})).toMatchObject({ ok: true });
    await core.call('study.lock', {});
    expect(await core.send('study.open', { path, passphrase: DEMO_PASSPHRASE })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE' },
    });
    await core.call('study.open', { path, passphrase: NEW });
    expect(readdirSync(join(path, '..')).filter((name) => name.includes('.rotating'))).toEqual([]);
  }, 240_000);
});
