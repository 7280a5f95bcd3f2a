import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';

export const resultsFile = join(import.meta.dirname, '..', 'results', 'results.json');

/** Appends one suite's figures, with the commit and the machine, to bench/results/results.json. */
export function appendResults(suite: string, figures: unknown): void {
  const runs: unknown[] = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : [];
  runs.push({ suite, at: new Date().toISOString(), commit: commit(), machine: machine(), figures });
  mkdirSync(join(resultsFile, '..'), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(runs, null, 2)}\n`);
}

function commit(): { sha: string; dirty: boolean } {
  try {
    return { sha: execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim(), dirty: execSync('git status --porcelain', { encoding: 'utf8' }).trim() !== '' };
  } catch {
    return { sha: 'unknown', dirty: true };
  }
}

function machine() {
  return {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
  };
}

/** Prints rows as an aligned table. */
export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n${title}`);
  if (rows.length === 0) {
    console.log('  (no rows)');
    return;
  }
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => `  ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`;
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => String(row[c]))));
}

/** A running count on stderr for anything that takes more than a few seconds. */
export function progress(label: string, total: number): (done: number) => void {
  // On a terminal one line rewritten in place; elsewhere (CI, a pipe) `\r` would make one endless
  // line, so a line per step instead.
  if (!process.stderr.isTTY) return (done) => void process.stderr.write(`  ${label}: ${done}/${total}\n`);
  return (done) => {
    process.stderr.write(`\r  ${label}: ${done}/${total}${done === total ? '\n' : ''}`);
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
}
