// Starts a worker thread on a TypeScript module. A worker does not inherit the loader hooks its
// parent registered (bin/quire.js registers tsx in code, `node --import tsx` on the command line),
// so it registers tsx itself before importing the module named in workerData.entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
