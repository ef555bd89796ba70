// Preloaded (`node --import`) into a child process that a test stops with SIGTERM. The program
// listens for the signal only once it has started, and a process sent SIGTERM before that dies
// at once: so this prints SIGTERM_READY on stderr as soon as the program listens for it, and
// the test waits for that line before it sends the signal. Observes only; changes nothing.
process.on('newListener', (event) => {
  // `newListener` fires just before the listener is added: report once it is in place.
  if (event === 'SIGTERM') queueMicrotask(() => process.stderr.write('SIGTERM_READY\n'));
});
