// Chevrotain (11.x) for the parser, imported in this one place. The package entry loads hundreds
// of lodash-es modules (about 0.4 s in Node); `npm run build` therefore replaces this module in
// dist/ with one that inlines the package's one-file build, lib/chevrotain.mjs (see scripts/build.mjs).

import * as chevrotain from "chevrotain";

export { chevrotain };
