'use strict';
// Preloaded (`node --require`) into the `serverless offline` process that scripts/local-stack.js
// starts, for `npm start` and the integration tests alike. Two changes to serverless offline
// (14.8), local only:
//
// - The API answers with the functions' own CORS headers, as API Gateway's Lambda proxy integration
//   does when deployed. serverless offline adds headers of its own to every response to a request
//   with an Origin, keeping only those the function set: the caller's origin echoed,
//   `Access-Control-Allow-Credentials: true`, and more on OPTIONS. Beside the function's
//   `Access-Control-Allow-Origin: *` that is a pair browsers refuse, and for an origin the function
//   does not list it allows what lib/http.ts refuses. Its one hook that does this (found by the
//   header only it sets) is wrapped so that every header it added is taken off again.
// - Its table of routes (about 70 lines in a box, printed with console.log) is left out: the routes
//   are in the README and on the metadata page, and `npm start` prints the stack's own summary.
const { server } = require('@hapi/hapi');

/** Whether `method` is serverless offline's CORS hook: it alone sets this header. */
const isOfflineCorsHook = (method) => typeof method === 'function' && method.toString().includes('access-control-allow-credentials');

/** The response's headers object (an error answer keeps them on its `output`). */
const headersOf = (request) => (request.response.isBoom ? request.response.output : request.response).headers;

/** `hook` as serverless offline wrote it, then every header it added removed again. */
function withoutAddedHeaders(hook) {
  return function functionHeadersOnly(request, h) {
    const own = new Set(Object.keys(headersOf(request)));
    const result = hook.call(this, request, h);
    const headers = headersOf(request);
    for (const name of Object.keys(headers)) if (!own.has(name)) delete headers[name];
    return result;
  };
}

const prototype = Object.getPrototypeOf(server());
const ext = prototype.ext;
prototype.ext = function (event, method, ...rest) {
  return ext.call(this, event, event === 'onPreResponse' && isOfflineCorsHook(method) ? withoutAddedHeaders(method) : method, ...rest);
};

/** Whether `text` is serverless offline's route table: one box of `METHOD | url` lines (boxen), coloured on a terminal. */
const isRouteTable = (text) =>
  typeof text === 'string' && /^\s*┌─+┐\n[\s\S]*│\s+(?:ANY|GET|POST)\s+\|\s+http[\s\S]*└─+┘\s*$/.test(text.replace(/\u001b\[[0-9;]*m/g, ''));

const log = console.log;
console.log = (...args) => {
  if (args.length === 1 && isRouteTable(args[0])) return;
  log(...args);
};
