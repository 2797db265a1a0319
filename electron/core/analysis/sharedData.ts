import { AnswerRow } from './answerRow';
import type { AnalysisData } from './model';

/**
 * The analysis data as the reader thread takes it (answerReader.ts): everything but the answers is
 * copied, in columns rather than 24 000 small objects, and the answers stay in the block on shared
 * memory that both threads read. Posting the AnswerRow objects themselves would copy each row and
 * its column map, one per questionnaire.
 */
export interface PackedData extends Omit<AnalysisData, 'responses'> {
  responses: { participant: string[]; wave: string[]; version: string[] };
  codes: string[];
  block: SharedArrayBuffer;
  /** Where the rows begin in the block, in bytes. */
  byteOffset: number;
}

/** Null when the answers are not one shared block (loaded on one thread, or given as Maps). */
export function packData(data: AnalysisData): PackedData | null {
  const first = data.responses[0]?.answers;
  if (!(first instanceof AnswerRow) || !(first.row.buffer instanceof SharedArrayBuffer)) return null;
  const width = first.columns.size;
  const bytes = width * Float64Array.BYTES_PER_ELEMENT;
  const block = first.row.buffer;
  // The thread rebuilds each row as a view at the same place: they must lie one after the other.
  const laidOut = data.responses.every(
    (response, index) =>
      response.answers instanceof AnswerRow && response.answers.columns === first.columns && response.answers.row.buffer === block && response.answers.row.byteOffset === first.row.byteOffset + index * bytes,
  );
  if (!laidOut) return null;
  const { responses, ...rest } = data;
  return {
    ...rest,
    responses: {
      participant: responses.map((response) => response.participant),
      wave: responses.map((response) => response.wave),
      version: responses.map((response) => response.version),
    },
    codes: [...first.columns.keys()],
    block,
    byteOffset: first.row.byteOffset,
  };
}

export function unpackData(packed: PackedData): AnalysisData {
  const { responses, codes, block, byteOffset, ...rest } = packed;
  const columns = new Map(codes.map((code, column) => [code, column]));
  const width = codes.length;
  const values = new Float64Array(block, byteOffset, responses.participant.length * width);
  return {
    ...rest,
    responses: responses.participant.map((participant, index) => ({
      participant,
      wave: responses.wave[index]!,
      version: responses.version[index]!,
      answers: new AnswerRow(columns, values.subarray(index * width, (index + 1) * width)),
    })),
  };
}
