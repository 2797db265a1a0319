import { AllCommunityModule, ModuleRegistry, createGrid, type ColDef, type GridApi } from 'ag-grid-community';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { formatDay } from '../../format';
import { ErrorAlert } from '../../components/Field';
import { useFocusHeading } from '../../components/useFocusHeading';
// AG Grid's legacy CSS themes are static files served from the app's origin: the CSP allows no
// inline <style>, which the Theming API would inject. The "no-font" variant leaves out the icon font
// AG Grid embeds as a data: URL (font-src is 'self' only); this grid needs no icons.
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-quartz-no-font.css';
import './entry.css';
import { type CellPosition, type GridRow, type SheetData } from './gridModel';
import { gridColumns } from './gridColumns';
import { KeysHelp, useRefusalSound } from './KeysHelp';
import { QuestionStrip } from './QuestionStrip';
import { ValueStore } from './valueStore';
import { classifyKey } from './keys';
import { EntryNotice, NoticeStore } from './EntryNotice';
import { SheetController, type EntryApi, type SheetView } from './sheetController';
import { useEntryErrorText } from './entryText';
import { LookAhead, colIdOf, columnOf, revealColumn } from './gridScroll';
import { recordCell, takeCell } from '../study/place';

ModuleRegistry.registerModules([AllCommunityModule]);

const PAGE = 2000;

const api: EntryApi = {
  setId: (input) => call('entry.row.setId', input),
  commit: (input) => call('entry.cells.commit', input),
  paste: (input) => call('entry.cells.paste', input),
  deleteRow: (input) => call('entry.row.delete', input),
  restoreRow: (input) => call('entry.row.restore', input),
};

// Stable props: AG Grid re-applies a prop that changes identity, so none is rebuilt per render.
const DEFAULT_COLUMN: ColDef<GridRow> = { sortable: false, resizable: true, suppressMovable: true, suppressHeaderMenuButton: true, editable: false };
const rowKey = (params: { data: GridRow }) => params.data.key;

/**
 * The keying grid of one batch: one row per paper form, the ID first, then the version's items in
 * printed order. Keys go to the SheetController (captured before AG Grid sees them); AG Grid shows
 * the rows, scrolls and keeps the focus.
 */
export function EntryGrid({ batchId, onBack }: { batchId: number; onBack(): void }) {
  const { t } = useTranslation();
  const errorText = useEntryErrorText();
  const heading = useFocusHeading<HTMLHeadingElement>();
  const [sheet, setSheet] = useState<SheetData | null>(null);
  const [controller, setController] = useState<SheetController | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Notices live in their own small store: a message must not re-render the grid around it.
  const notices = useMemo(() => new NoticeStore(), []);
  // The cursor's column, for the question strip above the grid (0 the ID, 1 + i the i-th item).
  const cursor = useMemo(() => new ValueStore<number | null>(null), []);
  const [sound, setSound] = useRefusalSound();
  const gridApi = useRef<GridApi<GridRow> | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const backButton = useRef<HTMLButtonElement>(null);
  const lookAhead = useMemo(() => new LookAhead(() => gridApi.current), []);
  useEffect(() => () => lookAhead.cancel(), [lookAhead]);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const opened = await call('entry.batch.open', { batchId });
      if (cancelled) return;
      if (!opened.ok) return setError(errorText(opened.error));
      const view: SheetView = {
        focused() {
          const cell = gridApi.current?.getFocusedCell();
          if (!cell || cell.rowPinned) return null;
          const column = columnOf(cell.column.getColId());
          return column === null ? null : { rowIndex: cell.rowIndex, column };
        },
        focus(position: CellPosition, next?: CellPosition) {
          const grid = gridApi.current;
          if (!grid) return;
          grid.ensureIndexVisible(position.rowIndex);
          revealColumn(grid, position.column);
          grid.setFocusedCell(position.rowIndex, colIdOf(position.column));
          lookAhead.schedule(position, next);
        },
        refreshRows(rows, columns) {
          const grid = gridApi.current;
          if (!grid) return;
          const rowNodes = rows.map((row) => grid.getRowNode(row.key)).filter((node) => node !== undefined);
          // Not forced: the grid redraws only cells whose text changed and toggles the classes whose
          // rule changed (cellClassRules); the status text changes with the saved state.
          grid.refreshCells({ rowNodes, ...(columns ? { columns: ['status', ...columns.map(colIdOf)] } : {}) });
        },
        appendRows(rows) {
          gridApi.current?.applyTransaction({ add: rows });
        },
        removeRows(rows) {
          gridApi.current?.applyTransaction({ remove: rows });
        },
        insertRow(row, index) {
          gridApi.current?.applyTransaction({ add: [row], addIndex: index });
        },
        notify: (notice) => notices.set(notice),
        leave: () => backButton.current?.focus(),
      };
      const made = new SheetController(batchId, opened.value.items, opened.value.missingCodes, api, view);
      const total = opened.value.totalRows;
      // A large batch arrives page by page, so no single answer carries ten thousand forms.
      for (let offset = 0; offset < total; offset += PAGE) {
        setProgress({ done: offset, total });
        const page = await call('entry.rows', { batchId, offset, limit: PAGE });
        if (cancelled) return;
        if (!page.ok) return setError(errorText(page.error));
        made.load(page.value);
      }
      setProgress(null);
      setSheet(opened.value);
      setController(made);
    })();
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loads once per batch
  }, [batchId]);

  // Keys are taken in the capture phase, before AG Grid's own handlers: the grid must not start its
  // editor or move on Tab by itself. Keys the controller does not claim (Page Up, Ctrl+C …) pass.
  useEffect(() => {
    const element = wrapper.current;
    if (!element || !controller) return;
    const inCell = (target: EventTarget | null) => target instanceof Element && target.closest('.ag-cell') !== null;
    // A cell, or the grid's body while it redraws the focused cell (never the column headers).
    const inBody = (target: EventTarget | null) =>
      target instanceof Element && element.contains(target) && target.closest('.ag-header') === null && target.closest('.ag-root-wrapper') !== null;
    // Nothing focused at all: the grid redrew the focused cell (scrolling columns back into view)
    // and the browser dropped DOM focus to the page. A key then still belongs to the grid's cursor.
    const focusLost = (target: EventTarget | null) => target === document.body || target === document.documentElement;
    const onKeyDown = (event: KeyboardEvent) => {
      const cell = gridApi.current?.getFocusedCell();
      // The row number and saved-state columns take no keys: the grid's own navigation applies there.
      if (event.isComposing || !cell || columnOf(cell.column.getColId()) === null) return;
      if (!inBody(event.target) && !focusLost(event.target)) return;
      const action = classifyKey(event);
      if (!action) return;
      event.preventDefault();
      event.stopPropagation();
      if (!inCell(event.target)) gridApi.current?.setFocusedCell(cell.rowIndex, cell.column);
      controller.handleKey(action, event.timeStamp);
    };
    const onPaste = (event: ClipboardEvent) => {
      if (!inCell(event.target)) return;
      event.preventDefault();
      controller.handlePaste(event.clipboardData?.getData('text/plain') ?? '');
    };
    // On the window, in the capture phase: first to see a key whether focus is in a cell or lost.
    window.addEventListener('keydown', onKeyDown, true);
    element.addEventListener('paste', onPaste, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      element.removeEventListener('paste', onPaste, true);
    };
  }, [controller]);

  const columns = useMemo<ColDef<GridRow>[]>(() => (sheet && controller ? gridColumns(sheet, controller, t) : []), [sheet, controller, t]);

  // AG Grid's own DOM rendering rather than ag-grid-react's: there every cell is a React component
  // and each key's cell updates went through React's render and commit as well (measured: 18 ms of
  // the page's CPU a key with React, 15.5 ms without). Created once per batch's sheet.
  const gridHost = useRef<HTMLDivElement>(null);
  const initialColumns = useRef(columns);
  initialColumns.current = columns;
  useEffect(() => {
    const host = gridHost.current;
    if (!host || !controller) return;
    const grid = createGrid<GridRow>(host, {
      theme: 'legacy',
      rowData: controller.rows,
      columnDefs: initialColumns.current,
      getRowId: rowKey,
      defaultColDef: DEFAULT_COLUMN,
      enableBrowserTooltips: true,
      suppressDragLeaveHidesColumns: true,
      // Every column's cells stay drawn: virtual columns are removed and built again, one cell per
      // drawn row, whenever the grid scrolls sideways (measured: the key's own handling 10 ms of CPU,
      // 4.6 ms without, when every key scrolled; with a screenful per scroll, revealColumn, still a
      // keystroke p95 of 44 against 22 ms, the scrolling keys being one in ten).
      suppressColumnVirtualisation: true,
      // One row drawn beyond each edge instead of AG Grid's ten: with every column drawn, each extra
      // row is 80 more cells that every key's frame lays out, layers and paints, and that every move
      // of the cursor visits (measured in bench/entry-latency.ts: keystroke p95 21-22 ms with ten,
      // 15.5-16 ms with two; one against two, five runs side by side, lower in each). Keying moves
      // one row at a time, which one row of margin covers.
      rowBuffer: 1,
      rowHeight: 30,
      // Two lines: the question's number on the paper over its item code.
      headerHeight: 40,
      onGridReady: (event) => {
        gridApi.current = event.api;
        event.api.ensureIndexVisible(controller.rows.length - 1);
      },
      // Start where the next form goes, the ID of the empty row at the bottom, once the rows are
      // drawn: focusing a cell that is not drawn yet would leave the browser's focus on the page.
      onFirstDataRendered: (event) => {
        // After an unlock: the cell it was on when the study locked, with any digits typed there.
        const resumed = takeCell(batchId, controller.rows.length);
        const target = resumed ?? { rowIndex: controller.rows.length - 1, column: 0 };
        const row = controller.rows[target.rowIndex];
        if (resumed?.draft && row) controller.editing = { key: row.key, column: target.column, text: resumed.draft };
        event.api.ensureIndexVisible(target.rowIndex);
        revealColumn(event.api, target.column);
        // The bottom row may be drawn a frame or two after the grid scrolled to it (a large batch, or
        // a batch opened again): until the browser's focus is really in that cell, try next frame.
        const place = (tries: number) => {
          if (gridApi.current !== event.api) return;
          event.api.setFocusedCell(target.rowIndex, colIdOf(target.column));
          if (resumed?.draft && row) event.api.refreshCells({ rowNodes: [event.api.getRowNode(row.key)!] });
          const active = document.activeElement;
          const inCell = active instanceof Element && active.closest('.ag-cell') !== null && host.contains(active);
          if (!inCell && tries > 0) requestAnimationFrame(() => place(tries - 1));
        };
        place(60);
      },
      onCellFocused: (event) => {
        const focusedColumn = typeof event.column === 'object' && event.column ? columnOf(event.column.getColId()) : null;
        if (event.rowIndex !== null && focusedColumn !== null) recordCell(batchId, { rowIndex: event.rowIndex, column: focusedColumn });
        cursor.set(focusedColumn);
        // Only the clerk moving the cursor (a click) drops uncommitted typing; the grid also
        // reports focus when it redraws a cell or when the controller itself moves on.
        if (!event.sourceEvent) return;
        const column = typeof event.column === 'object' && event.column ? columnOf(event.column.getColId()) : null;
        controller.focusMoved(event.rowIndex === null || column === null ? null : { rowIndex: event.rowIndex, column });
      },
    });
    gridApi.current = grid;
    return () => {
      // Digits typed but not committed are kept for an unlock (study/place.ts); anything else drops them.
      const editing = controller.editing;
      const rowIndex = editing ? controller.rows.findIndex((row) => row.key === editing.key) : -1;
      if (editing && rowIndex >= 0) recordCell(batchId, { rowIndex, column: editing.column, draft: editing.text });
      gridApi.current = null;
      grid.destroy();
    };
  }, [controller, sheet]);
  // New column headings and tooltips when the language changes.
  useEffect(() => {
    const grid = gridApi.current;
    if (grid && !grid.isDestroyed() && grid.getGridOption('columnDefs') !== columns) grid.setGridOption('columnDefs', columns);
  }, [columns]);

  const batch = sheet?.batch;
  return (
    <section aria-labelledby="entry-grid-heading" className="entry-grid-screen">
      <div className="entry-grid-header">
        <h2 id="entry-grid-heading" ref={heading} tabIndex={-1}>
          {batch ? t('entry.grid.heading', { label: batch.label, wave: batch.waveLabel, version: batch.versionLabel }) : t('entry.loading')}
        </h2>
        {batch && (
          <p className="muted entry-grid-clerk">
            {t(batch.pass === 1 ? 'entry.grid.first' : 'entry.grid.second', { clerk: batch.clerk, date: formatDay(batch.keyedOn) })}
          </p>
        )}
        <div className="entry-grid-tools">
          {sheet && <KeysHelp codes={sheet.missingCodes} sound={sound} onSound={setSound} />}
          {controller && (
            <button type="button" onClick={() => controller.handleKey({ type: 'deleteRow' }, Number.NaN)} title={t('entry.grid.deleteHint')}>
              {t('entry.grid.delete')}
            </button>
          )}
          <button type="button" ref={backButton} onClick={onBack}>
            {t('entry.grid.back')}
          </button>
        </div>
      </div>
      <ErrorAlert message={error} />
      {progress && <p role="status">{t('entry.grid.loadingRows', progress)}</p>}
      {sheet && controller && (
        <>
          <QuestionStrip cursor={cursor} items={sheet.items} />
          <EntryNotice
            store={notices}
            items={sheet.items}
            sound={sound}
            onPick={(index) => controller.pick(index, Number.NaN)}
            onAnswer={(confirmed) => controller.answerDelete(confirmed)}
          />
          <div ref={wrapper} className="ag-theme-quartz entry-grid" aria-label={t('entry.grid.gridLabel')} role="group">
            <div ref={gridHost} className="entry-grid-host" />
          </div>
        </>
      )}
    </section>
  );
}
