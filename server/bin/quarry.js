#!/usr/bin/env node
// Quarry ships as TypeScript; tsx compiles it on load, so there is no build step between clone and run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli.ts');
process.exitCode = await main(process.argv);
