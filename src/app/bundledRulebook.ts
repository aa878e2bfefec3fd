/**
 * The rulebook bundled with the add-in: the text of every JSON file of rules/us-japan-2025,
 * put in the bundle by webpack (asset/source), so the page computes the same digest as the CLI.
 * Webpack-only: Node code reads the folder from disk instead (src/io/rulebookFolder.ts).
 */
import type { RulebookFile } from '../core/rulebook/load';

declare const require: {
  context(directory: string, useSubdirectories: boolean, pattern: RegExp): { keys(): string[]; (key: string): string };
};

const context = require.context('../../rules/us-japan-2025', true, /\.json$/);

export const BUNDLED_RULEBOOK: { folder: string; files: RulebookFile[] } = {
  folder: 'us-japan-2025',
  files: context
    .keys()
    .filter((key) => !key.startsWith('rules/')) // webpack lists each file twice on some setups: keep the ./ form
    .map((key) => ({ path: key.replace(/^\.\//, ''), text: context(key) }))
    .filter((file, i, all) => all.findIndex((f) => f.path === file.path) === i),
};
