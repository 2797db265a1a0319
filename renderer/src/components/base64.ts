/**
 * Bytes as base64, for the few things the renderer hands the core as data (a chosen file, a chart
 * as PNG): the core never takes a path from the renderer. In chunks, so a 10 MB file does not
 * overflow the argument list of String.fromCharCode.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}

export async function fileToBase64(file: File): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}
