import { z } from 'zod';
import { method } from '../method';

/** Anonymised exports: the toolkit's wide layout (xlsx, CSV, long), codebook, SPSS/Stata/R syntax. */
export const exportsContract = {} as const satisfies Record<string, ReturnType<typeof method<z.ZodType, z.ZodType>>>;
