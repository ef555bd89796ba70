#!/usr/bin/env node
// `npm run bench`: runs the TypeScript benchmark directly through tsx (no build step).
// bench/run.ts reads process.argv itself (--json, --sizes, and the internal child modes).
import { register } from 'tsx/esm/api';
register();
await import('../bench/run.ts');
