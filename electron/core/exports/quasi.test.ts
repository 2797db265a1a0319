import { describe, expect, it } from 'vitest';
import type { ExportVariable } from './dataset';
import { columnsOf, defaultQuasiNames, quasiCandidates, quasiColumns } from './quasi';

/** Export columns as dataset.ts lays them out, for the naming rules alone (the real study is in anonymise.test.ts). */
function column(name: string, extra: Partial<ExportVariable> = {}): ExportVariable {
  const [wave, item] = name.includes('_') ? [name.slice(0, name.indexOf('_')), name.slice(name.indexOf('_') + 1)] : [null, null];
  return {
    name,
    role: name === 'id' ? 'id' : item ? 'item' : 'design',
    label: name,
    wave,
    waveLabel: wave,
    item,
    concept: null,
    conceptName: null,
    kind: item ? 'likert' : 'design',
    valueLabels: [],
    reverseKeyed: false,
    hasMissingCodes: Boolean(item),
    generalised: null,
    ...extra,
  };
}

const demographic = { concept: 'demographics' };
const VARIABLES = [
  column('id'),
  column('group'),
  column('arm'),
  column('site'),
  column('pre_dem1', { ...demographic, kind: 'number' }),
  column('pre_dem2', { ...demographic, kind: 'text' }),
  column('pre_nat1', { concept: 'nationality', kind: 'choice' }),
  column('pre_att1', { concept: 'attitudes' }),
  // A study's own item that happens to be coded like a design column, asked at every wave.
  column('pre_site', { concept: 'own' }),
  column('post_att1', { concept: 'attitudes' }),
  column('post_site', { concept: 'own' }),
  column('fu_att1', { concept: 'attitudes' }),
  column('fu_id', { concept: 'own' }),
];

describe('quasi-identifier names', () => {
  it('reads an item code or any per-wave name as the item at every wave, and a design name as that column', () => {
    expect(columnsOf(VARIABLES, 'att1')).toEqual(['pre_att1', 'post_att1', 'fu_att1']);
    expect(columnsOf(VARIABLES, 'post_att1')).toEqual(['pre_att1', 'post_att1', 'fu_att1']);
    // The design column wins over the own item coded "site"; that item is still reachable by a per-wave name.
    expect(columnsOf(VARIABLES, 'site')).toEqual(['site']);
    expect(columnsOf(VARIABLES, 'pre_site')).toEqual(['pre_site', 'post_site']);
    expect(columnsOf(VARIABLES, 'id')).toEqual([]);
    expect(columnsOf(VARIABLES, 'nothing')).toEqual([]);
  });

  it('defaults to the design columns and the demographic items, free text only when kept', () => {
    expect(defaultQuasiNames(VARIABLES, [])).toEqual(['group', 'arm', 'site', 'dem1', 'nat1']);
    expect(defaultQuasiNames(VARIABLES, ['dem2'])).toEqual(['group', 'arm', 'site', 'dem1', 'dem2', 'nat1']);
    expect(quasiColumns(VARIABLES, [], [])).toEqual(['group', 'arm', 'site', 'pre_dem1', 'pre_nat1']);
  });

  it('lists each column once in export order, and refuses unknown names, the ID and free text left out', () => {
    expect(quasiColumns(VARIABLES, ['att1', 'group', 'pre_att1'], [])).toEqual(['group', 'pre_att1', 'post_att1', 'fu_att1']);
    expect(() => quasiColumns(VARIABLES, ['id'], [])).toThrow(/not a column or item/);
    expect(() => quasiColumns(VARIABLES, ['dem9'], [])).toThrow(/not a column or item/);
    expect(() => quasiColumns(VARIABLES, ['dem2'], [])).toThrow(/free text that is not kept/);
    expect(quasiColumns(VARIABLES, ['dem2'], ['dem2'])).toEqual(['pre_dem2']);
  });

  it('offers the design columns and each item once with all its columns, marking the default set', () => {
    const candidates = quasiCandidates(VARIABLES);
    expect(candidates.map((candidate) => [candidate.name, candidate.columns.join(' '), candidate.byDefault])).toEqual([
      ['group', 'group', true],
      ['arm', 'arm', true],
      ['site', 'site', true],
      ['dem1', 'pre_dem1', true],
      ['dem2', 'pre_dem2', true],
      ['nat1', 'pre_nat1', true],
      ['att1', 'pre_att1 post_att1 fu_att1', false],
      ['pre_site', 'pre_site post_site', false],
      ['fu_id', 'fu_id', false],
    ]);
    expect(columnsOf(VARIABLES, 'fu_id')).toEqual(['fu_id']);
  });
});
