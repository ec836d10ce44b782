'use strict';
// `npm run add-customer -- --brand AquaGuard --email jane@example.com`: see local/add-customer.ts.
const { rmSync } = require('node:fs');
const { bundleTypeScript } = require('./local-stack');

const { folder, outfile } = bundleTypeScript('local/add-customer.ts');
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
require(outfile);
