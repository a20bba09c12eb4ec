/**
 * Times one full analyze() of a generated 1000-node, 1500-edge circuit.
 * Run from the repository root after building the analysis package:
 *   npx tsc -b packages/analysis && node bench/analysis.mjs [runs]
 * Prints the machine, the circuit size, and the median and p95 wall-clock and CPU time per analyze() call.
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { analyze } from '../packages/analysis/dist/index.js';
import { generateCircuit } from './analysis-circuit.mjs';
import { cpuModel } from './machine.mjs';

const WARM_UP_RUNS = 50;
const runs = Number(process.argv[2] ?? 200);
if (!Number.isInteger(runs) || runs < 1 || runs > 100_000) {
  console.error(`runs must be a whole number from 1 to 100000, found ${process.argv[2]}`);
  process.exit(2);
}

function percentile(sorted, share) {
  const index = Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

const circuit = generateCircuit();
for (let run = 0; run < WARM_UP_RUNS; run += 1) analyze(circuit);

// Wall-clock time is what a user waits; CPU time of this process shows the cost when other work shares the cores.
const times = [];
const cpuTimes = [];
let result;
for (let run = 0; run < runs; run += 1) {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  result = analyze(circuit);
  times.push(performance.now() - start);
  const cpu = process.cpuUsage(cpuStart);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);

const bySeverity = { error: 0, warning: 0, info: 0 };
for (const finding of result.findings) bySeverity[finding.severity] += 1;

console.log(`machine: ${availableParallelism()} cores, ${cpuModel()}, Node ${process.version}`);
console.log(`circuit: ${circuit.nodes.length} nodes, ${circuit.edges.length} edges, class ${result.circuitClass}`);
console.log(
  `findings: ${result.findings.length} (${bySeverity.error} errors, ${bySeverity.warning} warnings, ${bySeverity.info} info)`,
);
console.log(`analyze(): ${runs} runs after ${WARM_UP_RUNS} warm-up runs`);
console.log(`wall: median ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms`);
console.log(`cpu:  median ${percentile(cpuTimes, 0.5).toFixed(2)} ms, p95 ${percentile(cpuTimes, 0.95).toFixed(2)} ms`);
console.log(
  `load average at the end: ${loadavg()
    .map((value) => value.toFixed(2))
    .join(', ')}`,
);
