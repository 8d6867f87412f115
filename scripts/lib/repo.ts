import { resolve } from 'node:path';

/** The repository's root folder (this file sits two levels below it). */
export const repoRoot = resolve(__dirname, '../..');
