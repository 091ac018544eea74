// A bound on work that a loaded machine does not break: the CPU time this process spent, not the time
// on the clock, which also counts the waits while other processes (agents, builds) had the cores.

/** Milliseconds of CPU time (user + system, all threads of this process) that `work` took. */
export function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1000;
}
