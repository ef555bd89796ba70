// Preloaded (`node --import`) into a child process: prints `IMPORT <package>` on stderr for each
// package the program loads (a bare specifier resolved from outside node_modules), so a test can
// tell which ones a start loads. Observes only; changes nothing.
import { register } from 'node:module';

register(new URL('./import-log-hooks.mjs', import.meta.url));
