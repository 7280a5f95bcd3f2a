import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Where the machine's CPU goes while a suite runs, read in intervals: this process (the gateway,
 * the API's handlers, the relay, the local bus, the SQS emulator), the queue workers' process, the
 * Java processes it started (DynamoDB Local), the other Node processes it started (the load
 * generator) and the whole machine (which includes anything else running there), each in cores;
 * and this process's event-loop delay, which a request waits before its handler even starts.
 */
export interface CpuReading {
  /** Cores used by this process since the previous reading. */
  process: number;
  /** Cores used by the queue workers' process (local/queue-workers.ts). */
  workerProcess: number;
  /** Cores used by the Java processes this process started (DynamoDB Local). */
  java: number;
  /** Cores used by the other Node processes this process started (the load generator). */
  load: number;
  /** Cores busy on the whole machine. */
  machine: number;
  /** The longest event-loop delay since the previous reading, ms. */
  loopDelayMaxMs: number;
}

/** `workersPid`: the queue workers' process (LocalRuntime.workerProcessId). */
export function cpuMeter(workersPid: number): { read(): CpuReading; stop(): void } {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const sample = () => ({ at: performance.now(), process: process.cpuUsage(), children: childTicks(workersPid), machine: machineTicks() });
  let last = sample();
  return {
    read() {
      const now = sample();
      const seconds = (now.at - last.at) / 1000;
      // A process that ended since the last reading takes its ticks with it: never below 0.
      const coresOf = (kind: keyof ChildTicks) => Math.max(0, now.children[kind] - last.children[kind]) / ticksPerSecond / seconds;
      const reading: CpuReading = {
        process: (now.process.user - last.process.user + now.process.system - last.process.system) / 1e6 / seconds,
        workerProcess: coresOf('workers'),
        java: coresOf('java'),
        load: coresOf('load'),
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

type ChildTicks = { workers: number; java: number; load: number };

/**
 * utime + stime of this process's children, in ticks: the workers' process, java, the other node
 * ones. Read from the kernel's list of this process's children, not from a scan of every process:
 * the meter runs in the runtime's process, and its own cost must stay small next to the API's.
 */
function childTicks(workersPid: number): ChildTicks {
  const ticks: ChildTicks = { workers: 0, java: 0, load: 0 };
  const children = readdirSync('/proc/self/task').flatMap((task) => {
    try {
      return readFileSync(`/proc/self/task/${task}/children`, 'utf8').split(' ').filter(Boolean);
    } catch {
      return []; // the thread ended meanwhile
    }
  });
  for (const child of children) {
    try {
      const stat = readFileSync(`/proc/${child}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      const used = Number(fields[11]) + Number(fields[12]);
      if (Number(child) === workersPid) ticks.workers += used;
      else if (comm === 'java') ticks.java += used;
      // Node names its main thread, and so the process, `MainThread` (older versions: `node`).
      else if (comm === 'MainThread' || comm === 'node') ticks.load += used;
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks;
}
