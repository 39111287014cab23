/**
 * Source of the worker thread that hosts one jq-wasm instance. It is a string run with
 * `new Worker(source, { eval: true })` so the same code works from TypeScript sources
 * (vitest, tsx), from compiled `lib/` and from a bundle, without a separate worker file.
 *
 * Protocol: the parent posts `{ id, query, input, maxStdoutBytes }`; the worker answers
 * `{ id, type: 'result', stdout, stderr, exitCode }`, `{ id, type: 'too-large' }` or
 * `{ id, type: 'fault', message }` (a wasm trap; the instance is then re-created before
 * the next job). `{ type: 'ready' }` is posted once the first instance is loaded.
 */
export const JQ_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { loadJq } = require(workerData.jqModulePath);
// jq-wasm prints "Aborted()" through console.error on a trap; the parent reports faults.
console.error = () => {};
console.warn = () => {};
let jq;
let queue = Promise.resolve();
const load = () => loadJq({ wasmModule: workerData.wasmModule }).then((h) => { jq = h; });
queue = queue.then(load).then(() => parentPort.postMessage({ type: 'ready' }));
parentPort.on('message', (job) => {
  queue = queue.then(() => {
    let reply;
    try {
      const r = jq.raw(job.input, job.query, ['-c', '--']);
      if (Buffer.byteLength(r.stdout) > job.maxStdoutBytes) reply = { id: job.id, type: 'too-large' };
      else reply = { id: job.id, type: 'result', stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
    } catch (e) {
      parentPort.postMessage({ id: job.id, type: 'fault', message: String((e && e.message) || e) });
      return load();
    }
    parentPort.postMessage(reply);
  });
});
`;
