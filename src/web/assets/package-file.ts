import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The path of a file inside an installed package, wherever npm put it. */
export const packageFile = (pkg: string, file: string): string => join(dirname(require.resolve(`${pkg}/package.json`)), file);

export const turboFile = packageFile('@hotwired/turbo', 'dist/turbo.es2017-esm.js');
export const stimulusFile = packageFile('@hotwired/stimulus', 'dist/stimulus.js');
