/** A file the user chose, read in the renderer and sent as base64: the core never sees a path. */
export interface ChosenFile {
  name: string;
  base64: string;
}

export async function readChosenFile(file: File): Promise<ChosenFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return { name: file.name, base64: btoa(binary) };
}
