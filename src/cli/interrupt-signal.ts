// Ctrl-C and SIGTERM become an AbortSignal, so the pipeline stops its workers and the CLI exits 130.

export interface InterruptHandle {
  signal: AbortSignal;
  dispose(): void;
}

export function listenForInterrupts(): InterruptHandle {
  const controller = new AbortController();
  let count = 0;
  const onSignal = (name: NodeJS.Signals) => {
    count++;
    // A second Ctrl-C means the user does not want to wait for a clean shutdown.
    if (count > 1) process.exit(130);
    controller.abort(new Error(`received ${name}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
