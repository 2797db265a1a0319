import { z } from 'zod';
import { method } from '../method';

/** Imports of online waves (KoboToolbox, Qualtrics, Excel), the match assistant, merging laptops. */
export const importsContract = {} as const satisfies Record<string, ReturnType<typeof method<z.ZodType, z.ZodType>>>;
