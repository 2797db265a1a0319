import { spawnSync } from 'node:child_process';

/**
 * Reads an xlsx file with an independent reader, Debian's python3-openpyxl (installed by .ci/run),
 * so tests check what Excel or LibreOffice would see rather than what ExcelJS thinks it wrote.
 * Returns every sheet's cell values row by row (formulas as text, dates as ISO strings).
 */
export function readWorkbookWithOpenpyxl(path: string): Record<string, unknown[][]> {
  const script = [
    'import json, sys, datetime, openpyxl',
    'book = openpyxl.load_workbook(sys.argv[1])',
    'def plain(v):',
    '    return v.isoformat() if isinstance(v, (datetime.date, datetime.datetime)) else v',
    'print(json.dumps({ws.title: [[plain(c) for c in row] for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}))',
  ].join('\n');
  const result = spawnSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(`openpyxl could not read ${path}: ${result.error?.message ?? result.stderr} (apt-get install python3-openpyxl)`);
  }
  return JSON.parse(result.stdout) as Record<string, unknown[][]>;
}
