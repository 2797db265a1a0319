import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<Row> {
  /** Key under analysis.col in the locale file; also the cells' data-col. */
  label: string;
  /** An already translated header, when the key alone does not say it (the wave's name). */
  header?: string;
  cell(row: Row): ReactNode;
  /** Numbers are right-aligned. */
  number?: boolean;
}

/**
 * One table of the report. The first column is the row's header (screen readers announce it with
 * each cell); a row flagged `warn` (a small cell, a low alpha) is marked in words, not colour only.
 */
export function StatTable<Row>({ label, columns, rows, testId, warn }: {
  /** The table's accessible name (its heading's text). */
  label: string;
  columns: Column<Row>[];
  rows: Row[];
  testId: string;
  warn?: (row: Row) => string | null;
}) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    // Wide tables scroll inside their own box rather than widening the page (CSSOM style: CSP-safe).
    <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
    <table data-testid={testId} aria-label={label} className="stat-table">
      <thead>
        <tr>
          {columns.map((column, columnIndex) => (
            <th key={columnIndex} scope="col" className={column.number ? 'number' : undefined}>
              {column.header ?? t(`analysis.col.${column.label}`)}
            </th>
          ))}
          {warn && <th scope="col">{t('analysis.warningsHeading')}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index}>
            {columns.map((column, columnIndex) =>
              columnIndex === 0 ? (
                <th key={columnIndex} scope="row">
                  {column.cell(row)}
                </th>
              ) : (
                <td
                  key={columnIndex}
                  className={column.number ? 'number' : undefined}
                  data-col={column.label}
                  style={column.number ? { whiteSpace: 'nowrap' } : undefined}
                >
                  {column.cell(row)}
                </td>
              ),
            )}
            {warn && <td>{warn(row) ?? ''}</td>}
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
