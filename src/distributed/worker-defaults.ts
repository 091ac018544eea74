// What `semlog worker` does unless told otherwise; apart from the BullMQ adapter, so that the CLI can
// show them in --help without loading BullMQ.

export const WORKER_DEFAULTS = Object.freeze({ concurrency: 1, stallMs: 30_000 });
