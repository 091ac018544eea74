// Whether a process still runs, for the files a crashed run leaves behind (a baseline swap's aside
// copy, a watcher's state lock): signal 0 delivers nothing and only asks.

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
