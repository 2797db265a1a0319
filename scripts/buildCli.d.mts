// Types of buildCli.mjs for the TypeScript that imports it (electron.vite.config.ts).
import type { Plugin } from 'vite';

export function buildCli(): Promise<void>;
export function cliBuildPlugin(): Plugin;
