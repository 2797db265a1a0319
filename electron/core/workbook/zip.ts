import { crc32, inflateRawSync } from 'node:zlib';

/**
 * A strict reader of the zip archives an xlsx is, for files someone hands us. It believes nothing
 * the archive says until two of its records agree, and bounds what it unpacks by what it was told
 * AND by what inflating actually produces:
 *
 * - the end-of-directory record must describe one disk, with "entries on this disk" equal to
 *   "total entries" (a mismatch once let a 410 KB file past the size check: the check counted one
 *   field, the unzipper the other), and at most MAX_ENTRIES entries;
 * - no ZIP64 (no locator, no 0xFFFF/0xFFFFFFFF markers, no ZIP64 extra field): no spreadsheet export
 *   needs 4 GB, and a second set of sizes is a second chance to disagree;
 * - the central directory must be read exactly to its declared end, each entry's local header must
 *   repeat its name, method and (unless a data descriptor follows) CRC and sizes, and its data must
 *   lie before the directory;
 * - declared sizes: each entry and their total at most MAX_UNZIPPED_BYTES, checked before anything is
 *   inflated; actual sizes: zlib stops at the declared size (maxOutputLength), and an entry that
 *   inflates to less, or to other bytes (CRC), is refused too;
 * - no encrypted entries, no methods but stored and deflated, no two entries of the same name.
 *
 * Node's zlib inflates (the main bundle and the parse thread both run under Node); fflate, used
 * before, took the entry count from one field while our own check read the other.
 */

export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
/** An xlsx has a dozen or two parts; a few thousand (images, many sheets) is already far beyond any export. */
export const MAX_ENTRIES = 5_000;

export type ZipRefusal = 'unreadable' | 'unpacksTooLarge';

export class ZipError extends Error {
  constructor(readonly refusal: ZipRefusal, reason: string) {
    super(reason);
  }
}

const END = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_EXTRA = 0x0001;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;

interface Entry {
  name: string;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  flags: number;
  nameBytes: Buffer;
  /** Where the entry's local header starts. */
  localAt: number;
}

export interface ZipDirectory {
  entries: Entry[];
  /** The sum of the entries' declared sizes (each at most 4 GB, as ZIP64 is refused). */
  unpacked: number;
  /** Where the archive ends: bytes after it are no part of it (zip readers skip them). */
  end: number;
  /** Where the central directory starts (every entry's data lies before it). */
  directoryAt: number;
}

const unreadable = (reason: string) => new ZipError('unreadable', reason);

function findEnd(content: Buffer): number {
  for (let at = content.length - 22; at >= Math.max(0, content.length - 22 - 0xffff); at--) {
    if (content.readUInt32LE(at) === END) return at;
  }
  throw unreadable('no end of directory');
}

function hasZip64Extra(content: Buffer, from: number, to: number): boolean {
  for (let at = from; at + 4 <= to; at += 4 + content.readUInt16LE(at + 2)) {
    if (content.readUInt16LE(at) === ZIP64_EXTRA) return true;
  }
  return false;
}

/**
 * The central directory, checked against the end record; ZipError when they disagree. The local
 * headers are checked by unzipEntries, once the declared sizes are known to be within bounds.
 */
export function readZipDirectory(content: Buffer): ZipDirectory {
  const end = findEnd(content);
  const disk = content.readUInt16LE(end + 4);
  const directoryDisk = content.readUInt16LE(end + 6);
  const onDisk = content.readUInt16LE(end + 8);
  const total = content.readUInt16LE(end + 10);
  const directorySize = content.readUInt32LE(end + 12);
  const directoryAt = content.readUInt32LE(end + 16);
  const archiveEnd = end + 22 + content.readUInt16LE(end + 20);
  if (end >= 20 && content.readUInt32LE(end - 20) === ZIP64_LOCATOR) throw unreadable('ZIP64');
  if ([onDisk, total].includes(0xffff) || [directorySize, directoryAt].includes(0xffffffff)) throw unreadable('ZIP64');
  if (disk !== 0 || directoryDisk !== 0 || onDisk !== total) throw unreadable('entry counts disagree');
  if (total > MAX_ENTRIES) throw unreadable('too many entries');
  if (archiveEnd > content.length || directoryAt + directorySize > end) throw unreadable('directory out of bounds');

  const entries: Entry[] = [];
  const names = new Set<string>();
  let unpacked = 0;
  let at = directoryAt;
  for (let index = 0; index < total; index++) {
    if (at + 46 > end || content.readUInt32LE(at) !== CENTRAL) throw unreadable('bad directory entry');
    const flags = content.readUInt16LE(at + 8);
    const method = content.readUInt16LE(at + 10);
    const crc = content.readUInt32LE(at + 16);
    const compressed = content.readUInt32LE(at + 20);
    const size = content.readUInt32LE(at + 24);
    const nameLength = content.readUInt16LE(at + 28);
    const extraLength = content.readUInt16LE(at + 30);
    const startDisk = content.readUInt16LE(at + 34);
    const localAt = content.readUInt32LE(at + 42);
    const next = at + 46 + nameLength + extraLength + content.readUInt16LE(at + 32);
    if (next > directoryAt + directorySize) throw unreadable('directory entry out of bounds');
    if ([compressed, size, localAt].includes(0xffffffff) || startDisk === 0xffff) throw unreadable('ZIP64');
    if (hasZip64Extra(content, at + 46 + nameLength, at + 46 + nameLength + extraLength)) throw unreadable('ZIP64');
    if (flags & FLAG_ENCRYPTED) throw unreadable('encrypted entry');
    if (method !== 0 && method !== 8) throw unreadable('unknown compression');
    if (method === 0 && compressed !== size) throw unreadable('stored sizes disagree');
    const nameBytes = content.subarray(at + 46, at + 46 + nameLength);
    const name = nameBytes.toString('utf8').replace(/^\//, '').toLowerCase();
    if (names.has(name)) throw unreadable('duplicate entry');
    names.add(name);
    unpacked += size;
    entries.push({ name, method, crc, compressed, size, flags, nameBytes, localAt });
    at = next;
  }
  if (at !== directoryAt + directorySize) throw unreadable('directory size disagrees');
  return { entries, unpacked, end: archiveEnd, directoryAt };
}

/** Where an entry's data starts, once its local header agrees with the directory. */
function checkLocal(content: Buffer, central: Entry, directoryAt: number): number {
  const at = central.localAt;
  if (at + 30 > directoryAt || content.readUInt32LE(at) !== LOCAL) throw unreadable('bad local header');
  const flags = content.readUInt16LE(at + 6);
  const nameLength = content.readUInt16LE(at + 26);
  const dataAt = at + 30 + nameLength + content.readUInt16LE(at + 28);
  if (content.readUInt16LE(at + 8) !== central.method) throw unreadable('local method disagrees');
  if (!content.subarray(at + 30, at + 30 + nameLength).equals(central.nameBytes)) throw unreadable('local name disagrees');
  // With a data descriptor (bit 3) the local header may leave CRC and sizes at 0; the directory has them.
  const local = [content.readUInt32LE(at + 14), content.readUInt32LE(at + 18), content.readUInt32LE(at + 22)];
  const expected = [central.crc, central.compressed, central.size];
  const agree = local.every((value, index) => value === expected[index] || (flags & FLAG_DESCRIPTOR && value === 0));
  if (!agree) throw unreadable('local sizes disagree');
  if (dataAt + central.compressed > directoryAt) throw unreadable('entry data out of bounds');
  return dataAt;
}

/** One entry's bytes, no more than its declared size and exactly those (CRC); ZipError otherwise. */
function inflateEntry(content: Buffer, entry: Entry, dataAt: number): Buffer {
  const data = content.subarray(dataAt, dataAt + entry.compressed);
  let bytes: Buffer;
  if (entry.method === 0) bytes = data;
  else {
    try {
      // zlib stops as soon as the output would pass the declared size (ERR_BUFFER_TOO_LARGE).
      bytes = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
    } catch {
      throw unreadable('entry inflates past its declared size or is damaged');
    }
  }
  if (bytes.length !== entry.size) throw unreadable('entry size disagrees');
  if (crc32(bytes) !== entry.crc) throw unreadable('entry CRC disagrees');
  return bytes;
}

/** The entries whose names pass `wanted`, inflated, by lower-case name (without a leading '/'). */
export function unzipEntries(content: Buffer, wanted: (name: string) => boolean): Map<string, Buffer> {
  const directory = readZipDirectory(content);
  // Declared sizes first (every entry's, as the total is theirs): nothing is inflated from an
  // archive that says it is too large; inflateEntry then holds each entry to its declared size.
  if (directory.unpacked > MAX_UNZIPPED_BYTES) throw new ZipError('unpacksTooLarge', 'declared size');
  // Every entry's local header is checked, wanted or not: a disagreement anywhere refuses the file.
  const dataAt = directory.entries.map((entry) => checkLocal(content, entry, directory.directoryAt));
  const files = new Map<string, Buffer>();
  directory.entries.forEach((entry, index) => {
    if (wanted(entry.name)) files.set(entry.name, inflateEntry(content, entry, dataAt[index]!));
  });
  return files;
}
