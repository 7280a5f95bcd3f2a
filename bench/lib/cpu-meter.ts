import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Where the machine's CPU goes while a suite runs, read in intervals: this process (the gateway,
 * the handlers, the relay, the local bus, the SQS emulator and the workers that run in it), the
 * Java processes it started (DynamoDB Local) and the whole machine (which includes the load
 * generator and anything else running there), each in cores; and this process's event-loop
 * delay, which a request waits before its handler even starts.
 */
export interface CpuReading {
  /** Cores used by this process since the previous reading. */
  process: number;
  /** Cores used by the Java processes this process started (DynamoDB Local). */
  java: number;
  /** Cores busy on the whole machine. */
  machine: number;
  /** The longest event-loop delay since the previous reading, ms. */
  loopDelayMaxMs: number;
}

export function cpuMeter(): { read(): CpuReading; stop(): void } {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let last = { at: performance.now(), process: process.cpuUsage(), java: javaTicks(), machine: machineTicks() };
  return {
    read() {
      const now = { at: performance.now(), process: process.cpuUsage(), java: javaTicks(), machine: machineTicks() };
      const seconds = (now.at - last.at) / 1000;
      const reading: CpuReading = {
        process: (now.process.user - last.process.user + now.process.system - last.process.system) / 1e6 / seconds,
        java: Math.max(0, now.java - last.java) / ticksPerSecond / seconds,
        machine: now.machine.total > last.machine.total ? ((now.machine.busy - last.machine.busy) / (now.machine.total - last.machine.total)) * cores() : 0,
        loopDelayMaxMs: loop.max / 1e6,
      };
      loop.reset();
      last = now;
      return reading;
    },
    stop: () => loop.disable(),
  };
}

function cores(): number {
  return readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((line) => /^cpu\d/.test(line)).length;
}

function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** utime + stime of the java children of this process (and of their children), in ticks. */
function javaTicks(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      if (comm === 'java' && Number(fields[1]) === process.pid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks;
}
