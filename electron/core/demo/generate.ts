import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { newParticipantId } from '../ids/damm';
import { bankItems, coreItems, itemBankSource, type BankItem } from '../instruments/itemBank';
import { createVersion } from '../instruments/versions';
import { addParticipant } from '../roster/participants';
import { saveResponse, type AnswerValue } from '../responses/save';
import { addCohort, addIdentityGroup, addSite } from '../study/design';
import { normal, seededRandom } from './random';

export const DEMO_PASSPHRASE = 'mixwise-demo';
export const DEMO_STUDY_NAME = 'Demo: Neighbourhood football league';

export interface DemoOptions {
  /**
   * Participants in all, spread evenly over the 2 identity groups x 2 arms (the first cells take
   * any remainder). The default, 120, is the toolkit's balanced design of 30 per cell.
   */
  participants?: number;
  seed?: number;
  /**
   * Items per questionnaire: the six core concepts' items, then further five-point items of the
   * bank in its order (the benchmark's 60-item study). Default: the core items only.
   */
  items?: number;
}

export const DEMO_DEFAULT_PARTICIPANTS = 120;
export const DEMO_MIN_PARTICIPANTS = 4;
export const DEMO_MAX_PARTICIPANTS = 100_000;

/** Checks a participant count before any file is created. */
export function assertDemoParticipants(participants: number): void {
  if (!Number.isInteger(participants) || participants < DEMO_MIN_PARTICIPANTS || participants > DEMO_MAX_PARTICIPANTS) {
    throw new MixwiseError(
      'INVALID_INPUT',
      `The demo needs between ${DEMO_MIN_PARTICIPANTS} and ${DEMO_MAX_PARTICIPANTS} participants.`,
      { field: 'participants' },
    );
  }
}

const GROUPS = [
  { code: 'newcomer', name: 'Newcomers', labelForOthers: 'newcomers', version: 'newcomer_en' },
  { code: 'resident', name: 'Long-time residents', labelForOthers: 'long-time residents', version: 'resident_en' },
] as const;

/**
 * Chance of answering each wave by identity group. Residents drift away faster, as K-Serbian
 * participants did in the Tech Heroes evaluation, so the demo shows the differential-attrition alarm.
 */
const RESPONSE_RATE: Record<string, Record<string, number>> = {
  newcomer: { pre: 0.98, post: 0.92, fu: 0.85 },
  resident: { pre: 0.97, post: 0.78, fu: 0.62 },
};

/** Shift in the latent score by arm and wave: a modest programme effect that fades a little. */
const EFFECT: Record<string, Record<string, number>> = {
  programme: { pre: 0, post: 0.45, fu: 0.3 },
  comparison: { pre: 0, post: 0.05, fu: 0.05 },
};

const WAVE_DATES: Record<string, string> = { pre: '2026-01-', post: '2026-04-', fu: '2026-10-' };

/** The core items, or that many five-point items starting with the core ones. */
export function demoItems(count?: number): BankItem[] {
  const core = coreItems();
  if (count === undefined) return core;
  const fivePoint = (item: BankItem) => item.kind === 'likert' && item.min === 1 && item.max === 5 && item.audience === 'all';
  const chosen = [...core, ...bankItems.filter((item) => !core.includes(item) && fivePoint(item))].slice(0, count);
  if (!Number.isInteger(count) || count < 1 || chosen.length < count) {
    throw new MixwiseError('INVALID_INPUT', `The demo can have between 1 and ${chosen.length} items.`, { field: 'items' });
  }
  return chosen;
}

/**
 * Fills a freshly created study file with the toolkit's balanced design (2 identity groups x
 * 2 arms, by default 30 per cell), the six core concepts as one questionnaire version per group,
 * and three waves of answers. Deterministic for a given seed.
 */
export function generateDemoStudy(db: Db, options: DemoOptions = {}): void {
  const participants = options.participants ?? DEMO_DEFAULT_PARTICIPANTS;
  assertDemoParticipants(participants);
  const random = seededRandom(options.seed ?? 1);
  const items = demoItems(options.items);
  db.transaction(() => {
    db.prepare("UPDATE study SET name = ?, country = 'Demo country' WHERE id = 1").run(DEMO_STUDY_NAME);
    db.prepare(
      `UPDATE wave SET window_start = CASE code WHEN 'pre' THEN '2026-01-05' WHEN 'post' THEN '2026-04-01' ELSE '2026-10-01' END,
                       window_end   = CASE code WHEN 'pre' THEN '2026-01-31' WHEN 'post' THEN '2026-04-30' ELSE '2026-10-31' END`,
    ).run();
    for (const group of GROUPS) addIdentityGroup(db, group);
    addSite(db, { code: 'north', name: 'North district' });
    addSite(db, { code: 'south', name: 'South district' });
    addCohort(db, { code: 'c2026', name: '2026 league' });
    for (const [index, group] of GROUPS.entries()) {
      const other = GROUPS[1 - index]!;
      createVersion(db, {
        code: group.version,
        label: `${group.name} (English)`,
        identityGroupCode: group.code,
        language: 'en',
        placeholders: {
          group: other.labelForOthers,
          peopleInMyCommunity: group.labelForOthers,
          thisCountry: 'this country',
          // The survey introduction's blanks, so the demo's paper forms print as they are.
          community: 'the neighbourhood',
          minutes: '10',
        },
        items,
        source: itemBankSource,
      });
    }

    const taken = db.prepare('SELECT 1 FROM participant WHERE id = ?');
    const digit = (max: number) => Math.floor(random() * max);
    let cell = 0;
    for (const group of GROUPS) {
      for (const arm of ['programme', 'comparison']) {
        const cellSize = Math.floor(participants / 4) + (cell < participants % 4 ? 1 : 0);
        cell++;
        for (let n = 0; n < cellSize; n++) {
          const id = addParticipant(db, {
            id: newParticipantId((candidate) => Boolean(taken.get(candidate)), digit),
            identityGroupCode: group.code,
            armCode: arm,
            siteCode: n % 2 === 0 ? 'north' : 'south',
            cohortCode: 'c2026',
            enrolledAt: `2026-01-0${1 + (n % 4)}T09:00:00.000Z`,
          });
          // One latent attitude per person: items of every concept move together, as real scales do.
          const latent = 3 + 0.7 * normal(random);
          let stillIn = true;
          for (const wave of ['pre', 'post', 'fu']) {
            stillIn = stillIn && random() < RESPONSE_RATE[group.code]![wave]!;
            if (!stillIn) break;
            const answers: Record<string, AnswerValue> = {};
            for (const item of items) {
              // Items the bank asks at the first wave only, or only after the programme.
              if ((item.waves === 'pre' && wave !== 'pre') || (item.waves === 'post_fu' && wave === 'pre')) continue;
              if (random() < 0.02) {
                answers[item.code] = { missing: random() < 0.5 ? 'skipped' : 'dont_know' };
                continue;
              }
              // Metaperceptions are worded negatively: a better relation means lower agreement. A reverse-keyed
              // item runs against its own scale too ("I feel unsafe…" in a safety scale): a person answers it
              // reversed, so the scale's score, which reverses it back, hangs together as real answers do.
              const direction = (item.concept === 'metaperceptions' ? -1 : 1) * (item.reverseKeyed ? -1 : 1);
              const score = 3 + direction * (latent - 3 + EFFECT[arm]![wave]!) + 0.6 * normal(random);
              answers[item.code] = Math.min(5, Math.max(1, Math.round(score)));
            }
            saveResponse(db, {
              participantId: id,
              waveCode: wave,
              versionCode: group.version,
              answers,
              createdAt: `${WAVE_DATES[wave]}${String(5 + digit(20)).padStart(2, '0')}T10:00:00.000Z`,
            });
          }
        }
      }
    }
  })();
}
