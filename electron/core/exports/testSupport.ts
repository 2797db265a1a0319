import { randomBytes } from 'node:crypto';
import { bankItem, bankItems } from '../instruments/itemBank';
import { createVersion } from '../instruments/versions';
import { saveResponse, type AnswerValue } from '../responses/save';
import { enrol, makeFixture, person, type Fixture } from '../vault/testSupport';

/**
 * Test support for exports (not a test itself): the vault's fixture study (groups migrant/host,
 * sites north/south, one cohort, default arms and waves) with two questionnaire versions holding
 * background items (an age, free-text gender and education, a coded birth country) and likert
 * items, 12 people enrolled in the vault under canary names, and known answers at pre and post.
 */

/** A reverse-keyed likert item asked at every wave, so the codebook's reverse-keyed column is exercised. */
export const REVERSE_ITEM = bankItems.find((item) => item.reverseKeyed && item.kind === 'likert' && item.waves === 'all' && item.audience === 'all')!.code;
export const ITEMS = ['dem1', 'dem2', 'dem5', 'nat1', 'att1', 'att2', REVERSE_ITEM] as const;

export interface ExportFixture extends Fixture {
  canary: string;
  ids: string[];
  /** What was saved: participant -> wave -> item -> answer. */
  answers: Map<string, Map<string, Record<string, AnswerValue>>>;
  /** participant -> [group name, arm name, site name]. */
  roster: Map<string, [string, string, string]>;
}

const GROUP_NAMES: Record<string, string> = { migrant: 'Migrants', host: 'Host society' };
const SITE_NAMES: Record<string, string> = { north: 'North district', south: 'South district' };

export async function makeExportFixture(): Promise<ExportFixture> {
  const fixture = await makeFixture();
  const canary = `Zebulon${randomBytes(4).toString('hex')}`;
  for (const [code, group, other] of [
    ['migrant_en', 'migrant', 'people of the host society'],
    ['host_en', 'host', 'migrants'],
  ] as const) {
    createVersion(fixture.study, {
      code,
      label: `${code} (English)`,
      identityGroupCode: group,
      language: 'en',
      placeholders: { group: other, peopleInMyCommunity: 'my neighbours', thisCountry: 'this country' },
      items: ITEMS.map(bankItem),
    });
  }
  // 8 migrants (4 programme, 4 comparison) and 4 host: every group x site cell is small.
  const plan = Array.from({ length: 12 }, (_, n) => ({
    group: n < 8 ? 'migrant' : 'host',
    arm: n % 2 === 0 ? 'programme' : 'comparison',
    site: n % 4 < 2 ? 'north' : 'south',
  }));
  const ids = enrol(
    fixture.study,
    fixture.vault.db,
    plan.map((entry, n) => person(`${canary} Person${n}`, { identityGroup: entry.group, site: entry.site, arm: entry.arm, phone: `+41 79 555 00 ${10 + n}` })),
  );
  const answers = new Map<string, Map<string, Record<string, AnswerValue>>>();
  const roster = new Map<string, [string, string, string]>();
  ids.forEach((id, n) => {
    const entry = plan[n]!;
    roster.set(id, [GROUP_NAMES[entry.group]!, entry.arm === 'programme' ? 'Programme' : 'Comparison', SITE_NAMES[entry.site]!]);
    const version = entry.group === 'migrant' ? 'migrant_en' : 'host_en';
    const waves = new Map<string, Record<string, AnswerValue>>();
    const pre: Record<string, AnswerValue> = {
      dem1: 19 + n * 4,
      dem2: { text: n % 3 === 0 ? 'man' : 'woman' },
      // Free text can hold anything, a name included: it must not leave unless kept on purpose.
      dem5: { text: `secondary, ask ${canary}` },
      nat1: n % 2,
      att1: 1 + (n % 5),
      att2: n === 3 ? { missing: 'refused' } : 5 - (n % 5),
      [REVERSE_ITEM]: n === 5 ? { missing: 'dont_know' } : 2,
    };
    saveResponse(fixture.study, { participantId: id, waveCode: 'pre', versionCode: version, answers: pre });
    waves.set('pre', pre);
    if (n % 3 !== 2) {
      const post: Record<string, AnswerValue> = { att1: 5 - (n % 5), att2: { missing: 'skipped' }, [REVERSE_ITEM]: 4 };
      saveResponse(fixture.study, { participantId: id, waveCode: 'post', versionCode: version, answers: post });
      waves.set('post', post);
    }
    answers.set(id, waves);
  });
  return { ...fixture, canary, ids, answers, roster };
}
