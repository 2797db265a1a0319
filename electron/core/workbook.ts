import ExcelJS from 'exceljs';

/**
 * Reading the first sheet of an xlsx someone hands us (an enrolment list for the vault, an online
 * survey's export for imports), in memory only: ExcelJS's load(), never its streaming reader, which
 * spills sheets to temp files. The zip's central directory is measured before anything is unpacked,
 * so a small file that would unpack to gigabytes (a "zip bomb") is refused for every reader.
 */

export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

/** What an xlsx (a zip) unpacks to, from its central directory; null when that directory is unreadable. */
export function unzippedSize(content: Buffer): number | null {
  const END = 0x06054b50;
  const ENTRY = 0x02014b50;
  let end = -1;
  for (let at = content.length - 22; at >= Math.max(0, content.length - 65_557); at--) {
    if (content.readUInt32LE(at) === END) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const entries = content.readUInt16LE(end + 10);
  let at = content.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > content.length || content.readUInt32LE(at) !== ENTRY) return null;
    const size = content.readUInt32LE(at + 24);
    // ZIP64 marks its sizes 0xFFFFFFFF: no spreadsheet export needs 4 GB, so count it as too much.
    total += size === 0xffffffff ? Number.MAX_SAFE_INTEGER / 2 : size;
    at += 46 + content.readUInt16LE(at + 28) + content.readUInt16LE(at + 30) + content.readUInt16LE(at + 32);
  }
  return total;
}

/** The first sheet, or why there is none: each caller words the refusal for its own readers. */
export async function loadFirstSheet(content: Buffer): Promise<{ sheet: ExcelJS.Worksheet; refused?: undefined } | { refused: 'unreadable' | 'unpacksTooLarge' }> {
  const unpacked = unzippedSize(content);
  if (unpacked === null) return { refused: 'unreadable' };
  if (unpacked > MAX_UNZIPPED_BYTES) return { refused: 'unpacksTooLarge' };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    return { refused: 'unreadable' };
  }
  const sheet = workbook.worksheets[0];
  return sheet ? { sheet } : { refused: 'unreadable' };
}
