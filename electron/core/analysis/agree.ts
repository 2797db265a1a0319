import type { AnalysisData, Scale, ScaleItem } from './model';

export interface AgreeWave {
  wave: string;
  /** Respondents who answered the item at this wave. */
  n: number;
  /** Of those, how many chose one of the top two points (4 or 5 on a 1-5 scale). */
  agree: number;
  share: number | null;
}

export interface AgreeChange {
  from: string;
  to: string;
  /** The net sample: respondents who answered the item at both waves. */
  n: number;
  shareFrom: number | null;
  shareTo: number | null;
  /** Percentage points, (shareTo - shareFrom) x 100: how the Tech Heroes report states its results. */
  points: number | null;
}

export interface AgreeRow {
  scale: string;
  item: string;
  /** A reverse-keyed item's top points mean the opposite of the scale's direction. */
  reverseKeyed: boolean;
  arm: string;
  group: string | null;
  waves: AgreeWave[];
  changes: AgreeChange[];
}

/** The top two points of the item's own range: 4-5 on 1-5, as "agree" and "agree strongly". */
export function agrees(item: ScaleItem, value: number): boolean {
  return value >= item.max - 1;
}

const share = (count: number, of: number) => (of > 0 ? count / of : null);

/**
 * The percent-agree view of each item by arm and group: the share in the top two points at every
 * wave (everyone who answered it then), and the change from the baseline in percentage points on
 * the net sample who answered at both waves, so that leavers do not pass for change.
 */
export function agreeRows(data: AnalysisData, scale: Scale, waves: readonly string[]): AgreeRow[] {
  const byParticipant = new Map<string, Map<string, ReadonlyMap<string, number>>>();
  for (const response of data.responses) {
    if (!waves.includes(response.wave)) continue;
    let perWave = byParticipant.get(response.participant);
    if (!perWave) byParticipant.set(response.participant, (perWave = new Map()));
    perWave.set(response.wave, response.answers);
  }
  const [from, ...later] = waves;
  const rows: AgreeRow[] = [];
  for (const item of scale.items) {
    for (const arm of data.arms) {
      for (const group of [...data.groups.map((entry) => entry.code), null]) {
        const members = data.respondents.filter((respondent) => respondent.arm === arm.code && (group === null || respondent.group === group));
        const valueAt = (id: string, wave: string) => byParticipant.get(id)?.get(wave)?.get(item.code);
        const perWave = waves.map((wave) => {
          let n = 0;
          let agree = 0;
          for (const member of members) {
            const value = valueAt(member.id, wave);
            if (value === undefined) continue;
            n++;
            if (agrees(item, value)) agree++;
          }
          return { wave, n, agree, share: share(agree, n) };
        });
        const changes = from === undefined ? [] : later.map((to) => {
          let n = 0;
          let before = 0;
          let after = 0;
          for (const member of members) {
            const a = valueAt(member.id, from);
            const b = valueAt(member.id, to);
            if (a === undefined || b === undefined) continue;
            n++;
            if (agrees(item, a)) before++;
            if (agrees(item, b)) after++;
          }
          const shareFrom = share(before, n);
          const shareTo = share(after, n);
          return { from, to, n, shareFrom, shareTo, points: shareFrom === null || shareTo === null ? null : (after - before) * 100 / n };
        });
        rows.push({ scale: scale.concept, item: item.code, reverseKeyed: item.reverseKeyed, arm: arm.code, group, waves: perWave, changes });
      }
    }
  }
  return rows;
}
