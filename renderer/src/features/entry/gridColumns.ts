import type { ColDef, IHeaderComp, IHeaderParams } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import { isSingleKey, MISSING_LETTER } from '../../../../electron/shared/entry/rules';
import { askedAt, savedState, type GridRow, type SheetData } from './gridModel';
import { cellClassRules, cellDisplay, fitsWithoutClip } from './cellView';
import type { SheetController } from './sheetController';

/** What an item column's header shows: the question's number on the paper, its code below, smaller. */
interface QuestionHeaderParams extends IHeaderParams<GridRow> {
  number: number;
  code: string;
}

/**
 * A column header as the paper numbers the question: "7" over "att3". Plain DOM (AG Grid's
 * component interface), built once per column: headers are not redrawn while keying.
 */
export class QuestionHeader implements IHeaderComp {
  private gui!: HTMLElement;
  init(params: QuestionHeaderParams): void {
    this.gui = document.createElement('div');
    this.gui.className = 'entry-header';
    const number = document.createElement('span');
    number.className = 'entry-header-number';
    number.textContent = String(params.number);
    const code = document.createElement('span');
    code.className = 'entry-header-code';
    code.textContent = params.code;
    this.gui.append(number, code);
  }
  getGui(): HTMLElement {
    return this.gui;
  }
  refresh(): boolean {
    return false;
  }
}

/**
 * The keying grid's columns: the form's position in the batch, its ID, whether it is saved, then
 * the version's items in printed order, each headed by its number on the paper form.
 */
export function gridColumns(sheet: SheetData, controller: SheetController, t: TFunction): ColDef<GridRow>[] {
  const status = (row: GridRow | undefined) => (row ? savedState(row) : 'empty');
  return [
    {
      colId: 'pos',
      headerName: t('entry.grid.position'),
      headerTooltip: t('entry.grid.positionTooltip'),
      width: 56,
      pinned: 'left',
      suppressNavigable: true,
      valueGetter: (p) => p.data?.position ?? '',
      cellClass: 'entry-position',
    },
    {
      colId: 'id',
      headerName: t('entry.grid.id'),
      width: 112,
      pinned: 'left',
      valueGetter: (p) => (p.data ? cellDisplay(controller, p.data, 0) : ''),
      cellClass: 'entry-id',
      cellClassRules: cellClassRules(controller, 0),
      // Why the ID is marked: the warnings given when it was keyed (other group, other site …).
      tooltipValueGetter: (p) => p.data?.warnings.map((warning) => t(`entry.warning.${warning.kind}`, { ...warning })).join(' ') || undefined,
    },
    {
      colId: 'status',
      headerName: t('entry.grid.status'),
      width: 96,
      pinned: 'left',
      suppressNavigable: true,
      valueGetter: (p) => t(`entry.status.${status(p.data)}`),
      cellClass: (p) => ['entry-status', `entry-status-${status(p.data)}`],
    },
    ...sheet.items.map(
      (item, index): ColDef<GridRow> => ({
        colId: `i${index}`,
        headerName: t('entry.grid.questionHeader', { number: item.number, code: item.code }),
        headerComponent: QuestionHeader,
        headerComponentParams: { number: item.number, code: item.code },
        headerTooltip: t('entry.grid.headerTooltip', {
          number: item.number,
          code: item.code,
          wording: item.wording.replace(/<\/?u>/g, ''),
          range: item.kind === 'text' ? t('entry.grid.rangeText') : t('entry.grid.range', { min: item.min, max: item.max }),
        }),
        width: item.kind === 'text' ? 160 : isSingleKey(item) ? 56 : 68,
        valueGetter: (p) => (p.data ? cellDisplay(controller, p.data, index + 1) : ''),
        ...(fitsWithoutClip(item) ? { cellClass: 'entry-unclipped' } : {}),
        cellClassRules: cellClassRules(controller, index + 1),
        tooltipValueGetter: (p) => {
          const value = p.data?.cells[index];
          if (value && typeof value === 'object' && 'missing' in value) {
            return t('entry.grid.missingCell', {
              letter: MISSING_LETTER[value.missing],
              label: t(`entry.missing.${value.missing}`),
              code: sheet.missingCodes[value.missing],
            });
          }
          return p.data && p.data.rowId !== null && !askedAt(p.data, sheet.items, index) ? t('entry.grid.notAsked') : undefined;
        },
      }),
    ),
  ];
}
