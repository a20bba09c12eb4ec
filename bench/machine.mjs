// Machine facts that every benchmark prints beside its figures.
import { readFileSync } from 'node:fs';

/** Returns the CPU model name from /proc/cpuinfo, or why it is unknown. */
export function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('model name'));
    return line ? line.split(':')[1].trim() : 'unknown';
  } catch (error) {
    return `unknown (${error.code ?? error.message})`;
  }
}
