import { describe, expect, it } from 'vitest';
import { LogClock } from '../../src/watch/log-clock.js';

describe('LogClock', () => {
  it('is the median of the last five times, the lower one of an even count', () => {
    const clock = new LogClock();
    expect(clock.nowMs).toBe(Number.NEGATIVE_INFINITY);
    clock.note(10);
    expect(clock.nowMs).toBe(10);
    clock.note(30);
    expect(clock.nowMs).toBe(10);
    for (const ms of [20, 40, 50]) clock.note(ms);
    expect(clock.nowMs).toBe(30);
    // The oldest (10) gives way: 20, 30, 40, 50, 60.
    clock.note(60);
    expect(clock.nowMs).toBe(40);
  });

  it('is not moved by one or two wild times', () => {
    const clock = new LogClock();
    for (const ms of [100, 101, 102, 103, 104]) clock.note(ms);
    clock.note(9e12);
    clock.note(105);
    expect(clock.nowMs).toBe(104);
    clock.note(9e12);
    expect(clock.nowMs).toBe(105);
  });

  it('follows a real jump (a quiet night ends) once three of the last five times agree', () => {
    const clock = new LogClock();
    for (const ms of [100, 101, 102, 103, 104]) clock.note(ms);
    clock.note(500);
    clock.note(501);
    expect(clock.nowMs).toBe(104);
    clock.note(502);
    expect(clock.nowMs).toBe(500);
  });
});
