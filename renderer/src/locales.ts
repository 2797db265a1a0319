import shell from '../../resources/locales/en.json';

/**
 * English strings: the shell's in resources/locales/en.json, and one file per feature in
 * resources/locales/en/<feature>.json, found under the key <feature> (the key vault.title reads
 * en/vault.json's "title"). Features own their files, so they never edit one shared file.
 */
const features = import.meta.glob<Record<string, unknown>>('../../resources/locales/en/*.json', { eager: true, import: 'default' });

export const english: Record<string, unknown> = {
  ...shell,
  ...Object.fromEntries(Object.entries(features).map(([path, strings]) => [/([^/]+)\.json$/.exec(path)![1]!, strings])),
};
