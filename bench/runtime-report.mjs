// Machine description, summary statistics and Markdown tables for the runtime benchmark.
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import * as zmq from 'zeromq';
import { cpuModel } from './machine.mjs';

/** Returns the load averages over 1, 5 and 15 minutes, as `uptime` prints them. */
export function loadAverage() {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
}

/** Describes the machine and the software versions the figures depend on. */
export function describeMachine() {
  const require = createRequire(import.meta.url);
  const zeromqPackage = require('zeromq/package.json');
  return [
    `cores: ${availableParallelism()} (${cpuModel()})`,
    `memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `Node ${process.version}, zeromq.js ${zeromqPackage.version} (libzmq ${zmq.version})`,
  ];
}

/** Returns the median, minimum and maximum of a list of numbers. */
export function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Formats a number with `digits` decimals, or with none when it is 1000 or more. */
export function formatNumber(value, digits = 1) {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : value.toFixed(digits);
}

/** Formats a median with its range over the repetitions: `median (min to max)`. */
export function formatSpread(values, digits = 1) {
  const { median, min, max } = spread(values);
  if (values.length === 1) return formatNumber(median, digits);
  return `${formatNumber(median, digits)} (${formatNumber(min, digits)} to ${formatNumber(max, digits)})`;
}

/** Renders a Markdown table from a header row and data rows of strings. */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Formats payload bytes as `64 B` or `256 KiB`. */
export function formatBytes(bytes) {
  return bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} B`;
}
