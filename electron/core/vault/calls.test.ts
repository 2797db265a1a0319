import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewCall } from '../../api/contracts/vaultCalls';
import { listAudit } from './audit';
import { callHistory, localDay, logCall } from './calls';
import { eraseEverything, eraseIdentity, withdraw } from './erase';
import { followUpListHtml, followUpWorkbook, namedFollowUpList } from './followUp';
import { readWorkbookWithOpenpyxl } from '../testing/openpyxl';
import { containsText, decryptedView, enrol, makeFixture, person, type Fixture } from './testSupport';

/**
 * The call log against a real encrypted vault beside a real study (the fixture's waves have no
 * dates, so everyone enrolled is due for "pre"): attempts saved and read back, the follow-up list
 * showing the last outcome and sorted by the next attempt, the audit holding no name or note, the
 * file's bytes holding neither in the clear, erasure taking the notes along.
 */

let fixture: Fixture;
let canary: string;
beforeEach(async () => {
  fixture = await makeFixture();
  canary = `Canary${randomBytes(6).toString('hex')}`;
});
afterEach(() => fixture.cleanup());

const NOW = new Date('2026-05-10T12:00:00');
const call = (id: string, extra: Partial<NewCall> = {}): NewCall => ({
  id,
  wave: 'pre',
  calledOn: '2026-05-08',
  channel: 'phone',
  outcome: 'no_answer',
  nextAttempt: null,
  note: '',
  ...extra,
});

function enrolThree(): [string, string, string] {
  const { study, vault } = fixture;
  const ids = enrol(study, vault.db, [person(`${canary} Ana`), person('Ben Example'), person('Cleo Example')]);
  return ids as [string, string, string];
}

describe('the call log', () => {
  it('saves each attempt and gives the last one per wave, a call entered back later counting on its own day', () => {
    const { study, vault } = fixture;
    const [ana] = enrolThree();
    logCall(study, vault.db, call(ana, { calledOn: '2026-05-06', nextAttempt: '2026-05-08', note: 'Evenings only' }), 'cli', NOW);
    logCall(study, vault.db, call(ana, { calledOn: '2026-05-08', channel: 'sms', nextAttempt: '2026-05-12' }), 'cli', NOW);
    // From a paper sheet, typed in after the SMS: an earlier day, so not the last call.
    const paper = call(ana, { calledOn: '2026-05-04', channel: 'visit', outcome: 'wrong_number' });
    const { summary } = logCall(study, vault.db, paper, 'cli', NOW);

    expect(summary).toEqual({
      lastCall: { calledOn: '2026-05-08', channel: 'sms', outcome: 'no_answer', attempts: 3 },
      nextAttempt: '2026-05-12',
    });
    const history = callHistory(vault.db, ana).map(({ calledOn, channel, outcome, nextAttempt, note }) => {
      return [calledOn, channel, outcome, nextAttempt, note];
    });
    expect(history).toEqual([
      ['2026-05-08', 'sms', 'no_answer', '2026-05-12', ''],
      ['2026-05-06', 'phone', 'no_answer', '2026-05-08', 'Evenings only'],
      ['2026-05-04', 'visit', 'wrong_number', null, ''],
    ]);
    // Another wave's list does not show this wave's calls.
    const post = namedFollowUpList(study, vault.db, 'post', NOW.toISOString()).entries.find((entry) => entry.id === ana);
    expect(post?.lastCall ?? null).toBeNull();
  });

  it('sorts the follow-up list by the next attempt: never called first, then the earliest day, nothing planned last', () => {
    const { study, vault } = fixture;
    const [ana, ben, cleo] = enrolThree();
    const order = () => namedFollowUpList(study, vault.db, 'pre', NOW.toISOString()).entries.map((entry) => entry.id);
    const before = order();
    expect(new Set(before)).toEqual(new Set([ana, ben, cleo]));

    logCall(study, vault.db, call(ben, { nextAttempt: '2026-05-20' }), 'cli', NOW);
    logCall(study, vault.db, call(cleo, { outcome: 'will_come' }), 'cli', NOW);
    logCall(study, vault.db, call(ana, { nextAttempt: '2026-05-11' }), 'cli', NOW);
    expect(order()).toEqual([ana, ben, cleo]);

    // Ana reached with nothing planned goes to the end; Ben's next day is now the earliest.
    logCall(study, vault.db, call(ana, { calledOn: '2026-05-09', outcome: 'reached' }), 'cli', NOW);
    const list = namedFollowUpList(study, vault.db, 'pre', NOW.toISOString()).entries;
    // Cleo and Ana both have nothing planned: among them the list keeps its own order.
    expect(list[0]!.id).toBe(ben);
    expect(new Set(list.slice(1).map((entry) => entry.id))).toEqual(new Set([cleo, ana]));
    const shown = Object.fromEntries(list.map((entry) => [entry.id, [entry.lastCall?.outcome, entry.nextAttempt]]));
    expect(shown).toEqual({ [ben]: ['no_answer', '2026-05-20'], [cleo]: ['will_come', null], [ana]: ['reached', null] });
  });

  it('refuses a call after today, a next attempt before the call, an unknown wave and people no longer followed up', () => {
    const { study, vault } = fixture;
    const [ana, ben] = enrolThree();
    const refusal = (input: NewCall) => {
      try {
        logCall(study, vault.db, input, 'cli', NOW);
      } catch (error) {
        return (error as { details?: { key?: string } }).details?.key;
      }
      return 'saved';
    };
    expect(refusal(call(ana, { calledOn: localDay(new Date(NOW.getTime() + 86_400_000)) }))).toBe('callInFuture');
    expect(refusal(call(ana, { nextAttempt: '2026-05-07' }))).toBe('nextBeforeCall');
    expect(refusal(call(ana, { wave: 'later' }))).toBe('unknownWave');
    expect(refusal(call('99999999'))).toBe('personNotFound');
    withdraw(study, vault.db, ben, 'not_interested', 'cli');
    expect(refusal(call(ben))).toBe('callNotActive');
    expect(callHistory(vault.db, ana)).toEqual([]);
  });

  it('offers withdrawal after "refused" and "moved away" only; withdrawn, the person leaves the list', () => {
    const { study, vault } = fixture;
    const [ana, ben] = enrolThree();
    expect(logCall(study, vault.db, call(ana, { outcome: 'wrong_number' }), 'cli', NOW).offerWithdrawal).toBeNull();
    expect(logCall(study, vault.db, call(ben, { outcome: 'moved_away' }), 'cli', NOW).offerWithdrawal).toBe('moved');
    const { offerWithdrawal } = logCall(study, vault.db, call(ana, { calledOn: '2026-05-09', outcome: 'refused' }), 'cli', NOW);
    expect(offerWithdrawal).toBe('not_interested');

    withdraw(study, vault.db, ana, offerWithdrawal!, 'cli');
    const ids = namedFollowUpList(study, vault.db, 'pre', NOW.toISOString()).entries.map((entry) => entry.id);
    expect(ids).not.toContain(ana);
    expect(ids).toContain(ben);
    expect(listAudit(vault.db).entries[0]).toMatchObject({ action: 'withdrawn', detail: { id: ana, reason: 'not_interested' } });
  });

  it('audits each call with the ID, channel and outcome, never the name or the note; the file holds neither in the clear', () => {
    const { study, vault, vaultPath } = fixture;
    const [ana] = enrolThree();
    logCall(study, vault.db, call(ana, { outcome: 'will_come', nextAttempt: '2026-05-15', note: `${canary} said Tuesday` }), 'cli', NOW);

    const logged = listAudit(vault.db).entries.filter((entry) => entry.action === 'call_logged');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.detail).toMatchObject({ id: ana, channel: 'phone', outcome: 'will_come', next_attempt_set: true, client: 'cli' });
    const auditRows = vault.db.prepare('SELECT * FROM audit').all();
    expect(JSON.stringify(auditRows)).not.toContain(canary);
    expect(JSON.stringify(auditRows)).not.toContain('Tuesday');

    const raw = [readFileSync(vaultPath), existsSync(`${vaultPath}-wal`) ? readFileSync(`${vaultPath}-wal`) : Buffer.alloc(0)];
    expect(raw.some((bytes) => containsText(bytes, canary))).toBe(false);
    // Encrypted, not absent: the pages decrypt to the note.
    expect(containsText(decryptedView(vaultPath, vault.dataKey), `${canary} said Tuesday`)).toBe(true);
  });

  it('deletes the calls and their notes with the identity, and with everything', () => {
    const { study, vault, vaultPath } = fixture;
    const [ana, ben] = enrolThree();
    logCall(study, vault.db, call(ana, { note: `${canary}-ana-note` }), 'cli', NOW);
    logCall(study, vault.db, call(ben, { note: `${canary}-ben-note` }), 'cli', NOW);
    eraseIdentity(study, vault.db, ana, 'cli');
    eraseEverything(study, vault.db, ben, 'cli');
    expect(vault.db.prepare('SELECT count(*) FROM call_attempt').pluck().get()).toBe(0);
    expect(containsText(decryptedView(vaultPath, vault.dataKey), `${canary}-ana-note`)).toBe(false);
    expect(containsText(decryptedView(vaultPath, vault.dataKey), `${canary}-ben-note`)).toBe(false);
  });

  it('prints the calling sheet with the last call, the outcome keys and blank columns to write in; the workbook too', async () => {
    const { study, vault, folder } = fixture;
    const [ana] = enrolThree();
    logCall(study, vault.db, call(ana, { nextAttempt: '2026-05-12', note: `${canary} note` }), 'cli', NOW);
    const list = namedFollowUpList(study, vault.db, 'pre', NOW.toISOString());
    const html = followUpListHtml('Pilot', list, { labels: { outcome_no_answer: 'Pas de réponse' } });
    expect(html).toContain('Outcome keys: 1 Reached · 2 Pas de réponse · 3 Wrong number · 4 Refused · 5 Moved away · 6 Will come');
    const anaRow = html.split('<tr>').find((row) => row.includes(`${canary} Ana`))!;
    expect(anaRow).toContain('<td>Pas de réponse, 2026-05-08</td><td>2026-05-12</td>');
    expect((html.match(/class="mw-blank"/g) ?? []).length).toBe(3 * list.entries.length);
    // The note stays in the vault: never on paper.
    expect(html).not.toContain(`${canary} note`);

    const path = join(folder, 'calls.xlsx');
    writeFileSync(path, await followUpWorkbook('Pilot', list));
    const rows = readWorkbookWithOpenpyxl(path)['CONFIDENTIAL']!;
    expect(String(rows[3]![0])).toMatch(/^Outcome keys: 1 Reached/);
    expect(rows[4]!.slice(10)).toEqual(['Last call', 'Next attempt', 'Called on', 'Outcome (key)', 'Try again on', 'Note']);
    const row = rows.slice(5).find((entry) => entry[0] === ana)!;
    expect(row.slice(10, 12)).toEqual(['No answer, 2026-05-08', '2026-05-12']);
  });
});
