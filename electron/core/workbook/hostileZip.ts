import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A zip writer for tests that must write what no zip library would: entry counts that disagree,
 * sizes that lie, ZIP64 records, tens of thousands of entries (hostile.test.ts). Each entry and the
 * end record take overrides; without any it writes a plain, valid archive.
 */

export interface HostileEntry {
  name: string;
  /** The entry's bytes before compression, or already deflated ones with `size` and `crc` given. */
  data?: Buffer;
  deflated?: Buffer;
  /** Declared sizes and CRC, in both headers, instead of the true ones. */
  size?: number;
  crc?: number;
  /** Written into the central directory only (the local header keeps the true value). */
  centralSize?: number;
  /** Extra field bytes, in both headers. */
  extra?: Buffer;
}

export interface HostileEnd {
  onDisk?: number;
  total?: number;
  /** A ZIP64 end record and its locator before the ordinary end record. */
  zip64Records?: boolean;
}

const XML = (text: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${text}`);
const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const RELS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const relationship = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`;
/** A relationships part holding `relationships` (Relationship elements). */
export const relationshipsPart = (relationships: string) => `<Relationships ${RELS}>${relationships}</Relationships>`;
/** `count` relationships to the one worksheet, as the 105 KB file of issue 22 had 40 000. */
export const worksheetRelationships = (count: number) =>
  Array.from({ length: count }, (_, index) => relationship(`rId${index + 1}`, 'worksheet', 'worksheets/sheet1.xml')).join('');

/** The parts of a one-sheet workbook around `sheetData` (the rows' XML), and more parts after. */
export function workbookEntries(sheetData: string, more: HostileEntry[] = [], workbookRels?: string): HostileEntry[] {
  return [
    { name: '_rels/.rels', data: XML(relationshipsPart(relationship('rId1', 'officeDocument', 'xl/workbook.xml'))) },
    {
      name: 'xl/workbook.xml',
      data: XML(`<workbook ${MAIN} xmlns:r="${REL}"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: XML(workbookRels ?? relationshipsPart(worksheetRelationships(1))),
    },
    { name: 'xl/worksheets/sheet1.xml', data: XML(`<worksheet ${MAIN}><sheetData>${sheetData}</sheetData></worksheet>`) },
    ...more,
  ];
}

export const SHEET_OPEN = `<?xml version="1.0"?><worksheet ${MAIN}><sheetData>`;
export const SHEET_CLOSE = '</sheetData></worksheet>';

export function hostileZip(entries: HostileEntry[], end: HostileEnd = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const compressed = entry.deflated ?? deflateRawSync(entry.data!);
    const size = entry.size ?? entry.data!.length;
    const crc = entry.crc ?? crc32(entry.data!);
    const extra = entry.extra ?? Buffer.alloc(0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.centralSize ?? size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, extra, compressed);
    centrals.push(central, name, extra);
    offset += 30 + name.length + extra.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const records: Buffer[] = [];
  if (end.zip64Records) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeBigUInt64LE(BigInt(entries.length), 24);
    record.writeBigUInt64LE(BigInt(entries.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    records.push(record, locator);
  }
  const record = Buffer.alloc(22);
  record.writeUInt32LE(0x06054b50, 0);
  record.writeUInt16LE(end.onDisk ?? entries.length, 8);
  record.writeUInt16LE(end.total ?? entries.length, 10);
  record.writeUInt32LE(directory.length, 12);
  record.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, ...records, record]);
}
