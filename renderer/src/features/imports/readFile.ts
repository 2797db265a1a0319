import { fileToBase64 } from '../../components/base64';

/** A file the user chose, read in the renderer and sent as base64: the core never sees a path. */
export interface ChosenFile {
  name: string;
  base64: string;
}

export async function readChosenFile(file: File): Promise<ChosenFile> {
  return { name: file.name, base64: await fileToBase64(file) };
}
