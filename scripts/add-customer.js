'use strict';
// `npm run add-customer -- --brand AquaGuard --email jane@example.com`: see local/add-customer.ts.
const { rmSync } = require('node:fs');
const { bundleTypeScript } = require('./local-stack');

// The SDK's notice that Node 20 support ends is about the machine, not this command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { folder, outfile } = bundleTypeScript('local/add-customer.ts');
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
require(outfile);
