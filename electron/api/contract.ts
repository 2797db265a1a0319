import { z } from 'zod';
import { analysisContract } from './contracts/analysis';
import { entryContract } from './contracts/entry';
import { exportsContract } from './contracts/exports';
import { importsContract } from './contracts/imports';
import { mergeContract } from './contracts/merge';
import { formsContract } from './contracts/forms';
import { questionnairesContract } from './contracts/questionnaires';
import { responsesContract } from './contracts/responses';
import { secretsContract } from './contracts/secrets';
import { setupContract } from './contracts/setup';
import { behaviourContract } from './contracts/behaviour';
import { trackingContract } from './contracts/tracking';
import { vaultContract } from './contracts/vault';
import { vaultCallsContract } from './contracts/vaultCalls';
import { empty, method } from './method';
import { absolutePath, appSettings, nothing, passphrase, recentStudy, studyState, studySummary } from './schemas';

/**
 * THE renderer <-> main API, declared once. Every method has a zod schema for its input and its
 * output; the main process validates input with it, createHandlers() must implement every name
 * (a missing one is a compile error), the preload exposes only these names and the renderer's
 * client takes its types from here. Add a method here first; the compiler then shows where to
 * implement it.
 */
export const shellContract = {
  'app.info': method(
    empty,
    z.object({
      version: z.string(),
      studyExtension: z.string(),
      minPassphraseLength: z.number(),
      /** The demo holds made-up people only, so its passphrase is public. */
      demoPassphrase: z.string(),
      /** Nothing was ever opened on this computer: the renderer opens the demo at once. */
      firstRun: z.boolean(),
    }),
  ),

  /** This computer's settings (not the study's): how long the study may sit unused before it locks. */
  'app.settings.get': method(empty, appSettings),
  'app.settings.set': method(appSettings.partial().strict(), appSettings),

  'recent.list': method(empty, z.array(recentStudy)),
  'recent.forget': method(z.object({ path: absolutePath }).strict(), nothing),

  /** Native file dialogs. They return null when the person cancels. */
  'dialog.chooseNewStudyPath': method(
    z.object({ suggestedName: z.string().max(200) }).strict(),
    z.object({ path: z.string().nullable() }),
  ),
  'dialog.chooseStudyFile': method(empty, z.object({ path: z.string().nullable() })),

  /**
   * Saves bytes the renderer produced (a chart as SVG or PNG) where the person chooses. The
   * renderer never names a path itself: the save dialog does.
   */
  'file.save': method(
    z
      .object({
        suggestedName: z.string().min(1).max(120).regex(/^[^/\\:*?"<>|]+$/, 'A file name without folders'),
        format: z.enum(['svg', 'png']),
        base64: z.string().max(40_000_000),
      })
      .strict(),
    z.object({ path: z.string().nullable() }),
  ),

  'study.current': method(empty, studyState),
  'study.create': method(
    z
      .object({
        path: absolutePath,
        name: z.string().max(200),
        country: z.string().max(200).optional(),
        passphrase,
      })
      .strict(),
    studyState,
  ),
  'study.open': method(z.object({ path: absolutePath, passphrase }).strict(), studyState),
  /** Drops the key and closes the file, remembering which file to unlock. */
  'study.lock': method(empty, studyState),
  'study.close': method(empty, studyState),
  /** The renderer reports keyboard and mouse use, so reading a long table does not count as idle. */
  'study.touch': method(empty, nothing),
  'study.summary': method(empty, studySummary),

  /** Opens the demo study, generating it first on a fresh install. */
  'demo.open': method(empty, z.object({ state: studyState, passphrase: z.string() })),
} as const;

/**
 * The whole API: the shell's methods above plus one fragment per domain, each declared in
 * api/contracts/<domain>.ts. A new domain adds its fragment here, once.
 */
export const contract = {
  ...shellContract,
  ...entryContract,
  ...vaultContract,
  ...vaultCallsContract,
  ...secretsContract,
  ...trackingContract,
  ...behaviourContract,
  ...setupContract,
  ...questionnairesContract,
  ...formsContract,
  ...analysisContract,
  ...exportsContract,
  ...importsContract,
  ...mergeContract,
  ...responsesContract,
} as const;

/** Push events from main to the renderer. */
export const events = {
  progress: z.object({ task: z.string(), done: z.number(), total: z.number() }),
  lock: z.object({ target: z.enum(['study', 'vault']), reason: z.enum(['user', 'idle', 'os']) }),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<N extends MethodName> = z.input<Contract[N]['input']>;
export type MethodOutput<N extends MethodName> = z.output<Contract[N]['output']>;
export type Handlers = {
  [N in MethodName]: (input: z.output<Contract[N]['input']>) => Promise<MethodOutput<N>> | MethodOutput<N>;
};

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export const methodNames = Object.keys(contract) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

/** The object the preload puts on window.mixwise (and the e2e transport imitates). */
export interface Bridge {
  invoke(name: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** The single IPC channel names; written here once. */
export const INVOKE_CHANNEL = 'mixwise:invoke';
export const EVENT_CHANNEL = 'mixwise:event';
