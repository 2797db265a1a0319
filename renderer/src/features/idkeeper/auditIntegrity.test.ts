import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { english } from '../../locales';
import { auditBreakText } from './auditIntegrity';

/** The real English strings, so a renamed or missing locale key fails here. */
const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    lng: 'en',
    resources: { en: { translation: english } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
});

describe('the audit chain warning', () => {
  it('names the entry for each way the chain can break', () => {
    const text = (problem: 'changed' | 'missing' | 'unsealed' | 'truncated', brokenAt: number) =>
      auditBreakText(i18n.t, { ok: false, entries: 50, brokenAt, problem });
    expect(text('changed', 12)).toBe(
      'The audit log has been tampered with: entry 12 was changed (or an entry before it was removed and the later ones renumbered).',
    );
    expect(text('missing', 7)).toBe('The audit log has been tampered with: entry 7 is missing.');
    expect(text('unsealed', 9)).toBe('The audit log has been tampered with: entry 9 was added outside Mixwise.');
    // The core names the first entry gone; the sentence names the last one left.
    expect(text('truncated', 41)).toBe('The audit log has been tampered with: entries were removed from the end, after entry 40.');
  });

  it('says nothing when the chain verifies', () => {
    expect(auditBreakText(i18n.t, { ok: true, entries: 8, brokenAt: null, problem: null })).toBeNull();
  });

  it('words the rotation messages in the singular, the plural and for no backups', () => {
    const t = (key: string, count: number) => i18n.t(`vault.settings.${key}`, { count });
    expect(t('passphraseChanged', 0)).toMatch(/^The passphrase was changed\. The vault is now encrypted with a new key/);
    expect(t('passphraseChanged', 1)).toContain('The vault and its 1 backup are now encrypted');
    expect(t('recoveryReplaced', 3)).toContain('The vault and its 3 backups are now encrypted');
    expect(t('backupsUnreadable', 2)).toMatch(/^2 files in the backup folder could not be opened/);
  });
});
