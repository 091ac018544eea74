// Ctrl-C and SIGTERM become an AbortSignal, so the pipeline stops its workers and the CLI exits 130.
// A second one ends the process at once, by that signal.

export interface InterruptHandle {
  signal: AbortSignal;
  dispose(): void;
}

/** `beforeForcedStop` runs just before a second signal ends the process (e.g. to erase a progress line). */
export function listenForInterrupts(beforeForcedStop: () => void = () => {}): InterruptHandle {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      controller.abort(new Error(`received ${name}`));
      return;
    }
    // The user does not want to wait for the clean shutdown. process.exit() would tear down worker
    // threads that may be inside onnxruntime, which aborts the process (exit 134, a C++ message);
    // dying by the signal itself stops every thread at once, and the shell sees 128 + signal number.
    dispose();
    beforeForcedStop();
    process.stderr.write(`semlog: ${name} again: stopped without waiting for the workers\n`);
    process.kill(process.pid, name);
  };
  const dispose = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { signal: controller.signal, dispose };
}

/**
 * Lets a signal that came during the analysis's last synchronous stretch reach its handler: Node
 * delivers signals in the poll phase of the event loop, and the second of two setImmediate()s runs
 * only after the loop has been through it.
 */
export async function signalsDelivered(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}
