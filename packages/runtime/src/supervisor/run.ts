import { EventEmitter } from 'node:events';
import type { Circuit, NodeState, RunReport, RunState } from '@circuit-studio/model';
import type { Logger } from 'pino';
import { addDrops, isConserved } from '../accounting.js';
import { RuntimeError } from '../errors.js';
import type { RunPlan } from '../plan/build-plan.js';
import type { FaultRequest, RunMetrics, RunStatus } from '../types.js';
import type { LinkPlan, WorkerMessage, WorkerPlan, WorkerSnapshot } from '../worker-protocol.js';
import { ActiveFaults, type FaultTarget } from './active-faults.js';
import { type CrashSettlement, settleCrashes } from './crash-settlement.js';
import { checkFaultRequest } from './fault-request.js';
import { type LinkCorrections, LinkLedger, mergeCorrections } from './link-ledger.js';
import { type AssembledMetrics, MetricsAssembler, type NodeView } from './metrics-assembler.js';
import { findImbalances } from './node-balance.js';
import { NodeProcess, type ProcessExit, withTimeout } from './node-process.js';
import { combineStates, isSettled } from './node-state.js';
import { MAX_RESTARTS, restartBackoffMs, resumePoint } from './restart.js';
import { createRunFiles, removeRunFiles } from './run-files.js';

/** How long every node process may take to open its sockets and see its peers, in ms. */
const START_TIMEOUT_MS = 20_000;
/** How long frames of a dead sender may still arrive before the rest count as lost, in ms. */
const DEAD_SENDER_GRACE_MS = 1000;
/** How long the `kill` fault waits for a process's final counts before it kills the process anyway, in ms. */
const HALT_TIMEOUT_MS = 200;

export interface RunOptions {
  logger: Logger;
  metricsIntervalMs: number;
  drainTimeoutMs: number;
  workerEntry: string;
}

/** One process slot: a replica of a node, run by successive processes when it crashes. */
interface Slot {
  nodeId: string;
  replica: number;
  basePlan: WorkerPlan;
  /** The current process. */
  process: NodeProcess;
  /** Every process of this slot, oldest first; the last one is the current process. */
  processes: NodeProcess[];
  restarts: number;
  state: NodeState;
  message: string | undefined;
  restartTimer: NodeJS.Timeout | undefined;
}

/**
 * A circuit running as node processes linked by ZeroMQ sockets. Emits `status` (RunStatus) on every
 * change of the run's or a node's state, `metrics` (RunMetrics) every metrics interval, and `end`
 * (RunReport) once.
 */
export class Run extends EventEmitter {
  readonly runId: string;
  readonly finished: Promise<RunReport>;
  private runState: RunState = 'starting';
  private readonly slots: Slot[] = [];
  private readonly ledger: LinkLedger;
  private readonly assembler: MetricsAssembler;
  private readonly links = new Map<string, LinkPlan>();
  private readonly linkEnds = new Map<string, { epoch: number; transmitted: number }>();
  private readonly faults = new ActiveFaults((target, message) => {
    for (const slot of this.targetSlots(target)) slot.process.send(message);
  });
  private readonly nodeStates = new Map<string, NodeState>();
  private latest: RunMetrics | undefined;
  private metricsTimer: NodeJS.Timeout | undefined;
  private startedAt = Date.now();
  private ending: Promise<RunReport> | undefined;
  private stopRequested = false;
  private wakeDrain: (() => void) | undefined;
  private resolveFinished: (report: RunReport) => void = () => undefined;

  constructor(
    readonly circuit: Circuit,
    private readonly plan: RunPlan,
    private readonly options: RunOptions,
  ) {
    super();
    this.runId = plan.runId;
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
    const allLinks = plan.edges.flatMap((edge) => edge.links);
    for (const link of allLinks) this.links.set(link.linkId, link);
    this.ledger = new LinkLedger(allLinks);
    this.assembler = new MetricsAssembler(plan, this.ledger);
  }

  get state(): RunState {
    return this.runState;
  }

  /** Creates the socket folder, starts every node process and waits until all are linked. */
  async launch(): Promise<void> {
    await createRunFiles(this.plan);
    for (const node of this.plan.nodes) {
      this.nodeStates.set(node.nodeId, 'starting');
      for (const basePlan of node.processes) {
        const process = this.spawn(basePlan);
        const slot: Slot = {
          nodeId: node.nodeId,
          replica: basePlan.replica,
          basePlan,
          process,
          processes: [process],
          restarts: 0,
          state: 'starting',
          message: undefined,
          restartTimer: undefined,
        };
        this.slots.push(slot);
        this.watch(slot);
      }
    }
    try {
      await withTimeout(
        Promise.all(this.slots.map((slot) => slot.process.ready())),
        START_TIMEOUT_MS,
        () =>
          new RuntimeError(
            'RUNTIME_START_TIMEOUT',
            `the node processes did not link up within ${START_TIMEOUT_MS} ms; check that no other program uses the endpoints`,
          ),
      );
    } catch (error) {
      const stoppedMeanwhile = this.ending !== undefined;
      await this.finish('failed');
      if (stoppedMeanwhile) {
        throw new RuntimeError('RUNTIME_START_FAILED', `run ${this.runId} was stopped while it was starting`);
      }
      if (error instanceof RuntimeError) throw error;
      throw new RuntimeError('RUNTIME_START_FAILED', (error as Error).message, {}, error);
    }
    if (this.ending) {
      throw new RuntimeError('RUNTIME_START_FAILED', `run ${this.runId} was stopped while it was starting`);
    }
    this.startedAt = Date.now();
    this.setRunState('running');
    for (const slot of this.slots) slot.process.send({ type: 'start' });
    this.metricsTimer = setInterval(() => this.publishMetrics(), this.options.metricsIntervalMs);
  }

  latestMetrics(): RunMetrics {
    return this.latest ?? publicMetrics(this.assembleMetrics(false));
  }

  /** Returns the process ids of the running node processes, for tools that watch or signal them. */
  workerPids(): Array<{ nodeId: string; replica: number; pid: number }> {
    return this.slots.flatMap((slot) => {
      const pid = slot.process.pid;
      return pid === undefined || slot.process.hasExited ? [] : [{ nodeId: slot.nodeId, replica: slot.replica, pid }];
    });
  }

  /** Injects a fault; throws RuntimeError when the target or the fault does not fit. */
  inject(request: FaultRequest): void {
    this.checkRunning();
    checkFaultRequest(request);
    const slots = this.targetSlots(request);
    if (request.fault === 'kill') {
      this.options.logger.warn({ nodeId: request.node }, 'killing node processes on request');
      for (const slot of slots) void slot.process.halt(HALT_TIMEOUT_MS);
      return;
    }
    this.faults.add({ ...request, fault: request.fault });
    this.options.logger.info({ ...request }, 'fault injected');
  }

  /** Ends every fault on a node, or the cut of an edge. */
  clear(target: { node?: string; edge?: string }): void {
    this.checkRunning();
    if ((target.node === undefined) === (target.edge === undefined)) {
      throw new RuntimeError('RUNTIME_BAD_FAULT', 'clear needs exactly one target: set either node or edge', {
        ...target,
      });
    }
    // Throws for a node or edge this run does not have.
    this.targetSlots(target);
    this.faults.clear(target.node === undefined ? { edge: target.edge } : { node: target.node });
  }

  /**
   * Stops the sources, lets the frames in flight drain for up to the drain timeout, then ends
   * every process and returns the final report.
   */
  async stop(): Promise<RunReport> {
    if (this.ending) return this.ending;
    if (this.runState === 'starting') return this.finish('stopped');
    this.stopRequested = true;
    this.setRunState('stopping');
    for (const slot of this.slots) {
      if (this.plan.nodes.find((node) => node.nodeId === slot.nodeId)?.source) slot.process.send({ type: 'finish' });
    }
    if (!this.allSettled()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.drainTimeoutMs);
        this.wakeDrain = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.finish('stopped');
  }

  private spawn(plan: WorkerPlan): NodeProcess {
    const logger = this.options.logger.child({ nodeId: plan.nodeId, replica: plan.replica, epoch: plan.epoch });
    return new NodeProcess(plan, this.options.workerEntry, logger);
  }

  private watch(slot: Slot): void {
    const process = slot.process;
    process.on('message', (message: WorkerMessage) => {
      if (slot.process === process) this.onMessage(slot, process, message);
    });
    process.on('exit', (exit: ProcessExit) => {
      if (slot.process === process) this.onExit(slot, exit);
    });
  }

  private onMessage(slot: Slot, process: NodeProcess, message: WorkerMessage): void {
    switch (message.type) {
      case 'snapshot':
        this.recordSnapshot(process, message.snapshot);
        break;
      case 'state':
        // A process killed on purpose is about to die, so the states it reports no longer change the node.
        if (process.halting) break;
        slot.state = message.state;
        slot.message = message.message;
        this.updateNodeState(slot.nodeId, message.message);
        break;
      case 'link-ended':
        this.linkEnded(message.linkId, message.epoch, message.transmitted);
        break;
      case 'ready':
      case 'setup-failed':
        break;
      default: {
        const unreachable: never = message;
        this.options.logger.warn({ message: unreachable }, 'unknown message from a node process');
      }
    }
  }

  private recordSnapshot(process: NodeProcess, snapshot: WorkerSnapshot): void {
    for (const [linkId, counts] of Object.entries(snapshot.senders)) {
      this.ledger.recordSender(linkId, process.plan.epoch, counts);
    }
    for (const [linkId, epochs] of Object.entries(snapshot.receivers)) {
      this.ledger.recordReceiver(linkId, process.plan.epoch, epochs);
    }
  }

  /** Passes a sender's final count to the receiving process, in case end-of-stream gets lost. */
  private linkEnded(linkId: string, epoch: number, transmitted: number): void {
    this.linkEnds.set(linkId, { epoch, transmitted });
    const link = this.links.get(linkId);
    if (!link) return;
    const edge = this.plan.edges.find((candidate) => candidate.edgeId === link.edgeId);
    const receiver = this.slots.find((slot) => slot.nodeId === edge?.target && slot.replica === link.receiverReplica);
    receiver?.process.send({ type: 'upstream-ended', linkId, epoch, transmitted });
  }

  private onExit(slot: Slot, exit: ProcessExit): void {
    if (this.ending || this.runState === 'starting') return;
    if (isSettled(slot.state)) return;
    const cause = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
    this.options.logger.error({ nodeId: slot.nodeId, replica: slot.replica, ...exit }, 'node process crashed');
    this.abandonOutputs(slot);
    if (this.stopRequested || slot.restarts >= MAX_RESTARTS) {
      slot.state = 'failed';
      slot.message = `node process ended unexpectedly (${cause}) after ${slot.restarts} restarts`;
      this.endOutputsFor(slot);
      this.updateNodeState(slot.nodeId, slot.message);
      return;
    }
    slot.restarts += 1;
    const backoffMs = restartBackoffMs(slot.restarts);
    slot.state = 'restarting';
    slot.message = `node process ended unexpectedly (${cause}); restart ${slot.restarts} in ${backoffMs} ms`;
    this.updateNodeState(slot.nodeId, slot.message);
    slot.restartTimer = setTimeout(() => void this.restart(slot), backoffMs);
  }

  /** Closes the dead process's epoch on each output once its last frames had time to arrive. */
  private abandonOutputs(slot: Slot): void {
    const epoch = slot.process.plan.epoch;
    const linkIds = slot.process.plan.outputs.flatMap((edge) => edge.links.map((link) => link.linkId));
    setTimeout(() => {
      for (const linkId of linkIds) this.ledger.close(linkId, epoch, 'gap');
    }, DEAD_SENDER_GRACE_MS).unref();
  }

  /** Tells the receivers of a node given up as failed how many frames its process had sent. */
  private endOutputsFor(slot: Slot): void {
    for (const edge of slot.process.plan.outputs) {
      for (const link of edge.links) {
        const transmitted = reportOf(slot.process)?.senders[link.linkId]?.transmitted ?? 0;
        this.linkEnded(link.linkId, slot.process.plan.epoch, transmitted);
      }
    }
  }

  private async restart(slot: Slot): Promise<void> {
    slot.restartTimer = undefined;
    if (this.ending) return;
    const processes = slot.processes.map((process) => ({ plan: process.plan, report: reportOf(process) }));
    const resume = resumePoint(processes, this.settleSlot(slot).framesOut);
    const plan: WorkerPlan = { ...slot.basePlan, epoch: slot.process.plan.epoch + 1, resume };
    slot.process = this.spawn(plan);
    slot.processes.push(slot.process);
    slot.state = 'starting';
    this.watch(slot);
    try {
      await slot.process.ready();
    } catch (error) {
      this.options.logger.error({ err: error, nodeId: slot.nodeId }, 'restarted node process failed to start');
      slot.process.kill();
      return;
    }
    if (this.ending) return;
    slot.process.send({ type: 'start' });
    for (const link of plan.inputs) {
      const end = this.linkEnds.get(link.linkId);
      if (end) slot.process.send({ type: 'upstream-ended', linkId: link.linkId, ...end });
    }
    for (const fault of this.faults.list()) {
      if (this.targetSlots(fault.target).includes(slot)) slot.process.send({ type: 'fault', command: fault.command });
    }
    if (this.stopRequested && this.plan.nodes.find((node) => node.nodeId === slot.nodeId)?.source) {
      slot.process.send({ type: 'finish' });
    }
  }

  private updateNodeState(nodeId: string, message?: string): void {
    const states = this.slots.filter((slot) => slot.nodeId === nodeId).map((slot) => slot.state);
    const state = combineStates(states);
    if (this.nodeStates.get(nodeId) !== state || (message !== undefined && state !== 'running')) {
      this.nodeStates.set(nodeId, state);
      this.emitStatus({ state, nodeId, ...(message === undefined ? {} : { message }) });
    }
    if (this.allSettled()) {
      if (this.stopRequested) this.wakeDrain?.();
      else if (this.runState === 'running') void this.finish(this.anyFailed() ? 'failed' : 'completed');
    }
  }

  private allSettled(): boolean {
    return this.slots.every((slot) => isSettled(slot.state));
  }

  private anyFailed(): boolean {
    return this.slots.some((slot) => slot.state === 'failed');
  }

  /** Ends every process, settles the counts and cleans up; runs once. */
  private finish(outcome: 'completed' | 'stopped' | 'failed'): Promise<RunReport> {
    if (this.ending) return this.ending;
    this.ending = (async () => {
      clearInterval(this.metricsTimer);
      this.faults.clearAll();
      for (const slot of this.slots) clearTimeout(slot.restartTimer);
      const drained = this.allSettled();
      await Promise.all(this.slots.map((slot) => slot.process.stop()));
      for (const slot of this.slots) {
        if (slot.process.finalSnapshot) this.recordSnapshot(slot.process, slot.process.finalSnapshot);
      }
      // Frames still in flight now will never arrive: lost in transit after a drain, or cut off by the stop.
      this.ledger.closeAll(drained ? 'gap' : 'timeout');
      const report = this.buildReport(outcome);
      await removeRunFiles(this.plan, this.options.logger);
      this.setRunState(outcome);
      this.emit('end', report);
      this.resolveFinished(report);
      return report;
    })();
    return this.ending;
  }

  private buildReport(outcome: 'completed' | 'stopped' | 'failed'): RunReport {
    const metrics = this.assembleMetrics(true);
    for (const [nodeId, node] of Object.entries(metrics.nodes)) {
      if (node.state !== 'failed') node.state = outcome === 'stopped' ? 'stopped' : 'completed';
      this.nodeStates.set(nodeId, node.state);
    }
    const everyFinalReport = this.slots.every((slot) => slot.process.finalSnapshot !== undefined);
    const conserved = Object.values(metrics.edges).every((edge) => isConserved(edge) && edge.inFlight === 0);
    const imbalances = findImbalances(this.plan, metrics);
    if (imbalances.length > 0) {
      this.options.logger.warn({ imbalances }, 'node totals disagree with their edges; the report is not accounted');
    }
    return {
      durationMs: Date.now() - this.startedAt,
      accounted: everyFinalReport && conserved && imbalances.length === 0,
      nodes: metrics.nodes,
      edges: metrics.edges,
    };
  }

  /** Assembles node and edge totals, with what dead processes did after their last report settled. */
  private assembleMetrics(final: boolean): AssembledMetrics {
    const settlements = new Map(this.slots.map((slot) => [slot, this.settleSlot(slot)]));
    const corrections: LinkCorrections = new Map();
    for (const settlement of settlements.values()) mergeCorrections(corrections, settlement.links);
    return this.assembler.assemble(this.nodeViews(settlements), corrections, final);
  }

  private settleSlot(slot: Slot): CrashSettlement {
    const processes = slot.processes.map((process) => ({
      plan: process.plan,
      report: reportOf(process),
      final: process.finalSnapshot !== undefined,
      exited: process.hasExited,
    }));
    return settleCrashes(processes, this.ledger);
  }

  private nodeViews(settlements: Map<Slot, CrashSettlement>): NodeView[] {
    return this.plan.nodes.map((node) => {
      const slots = this.slots.filter((slot) => slot.nodeId === node.nodeId);
      const afterReports = { framesIn: 0, framesOut: 0, dropped: {} };
      for (const slot of slots) {
        const settlement = settlements.get(slot);
        if (!settlement) continue;
        afterReports.framesIn += settlement.framesIn;
        afterReports.framesOut += settlement.framesOut;
        addDrops(afterReports.dropped, settlement.dropped);
      }
      return {
        nodeId: node.nodeId,
        state: this.nodeStates.get(node.nodeId) ?? 'starting',
        restarts: slots.reduce((total, slot) => total + slot.restarts, 0),
        snapshots: slots.flatMap((slot) => slot.processes.flatMap((process) => reportOf(process) ?? [])),
        queueDepth: slots.reduce(
          (total, slot) => total + (slot.process.hasExited ? 0 : (reportOf(slot.process)?.queueDepth ?? 0)),
          0,
        ),
        afterReports,
      };
    });
  }

  private publishMetrics(): void {
    this.latest = publicMetrics(this.assembleMetrics(false));
    this.emit('metrics', this.latest);
  }

  private targetSlots(request: FaultTarget): Slot[] {
    if (request.node !== undefined) {
      const slots = this.slots.filter((slot) => slot.nodeId === request.node);
      if (slots.length === 0) {
        throw new RuntimeError('RUNTIME_UNKNOWN_NODE', `run ${this.runId} has no node "${request.node}"`, {
          nodeId: request.node,
        });
      }
      return slots;
    }
    const edge = this.plan.edges.find((candidate) => candidate.edgeId === request.edge);
    if (!edge) {
      throw new RuntimeError('RUNTIME_UNKNOWN_EDGE', `run ${this.runId} has no edge "${String(request.edge)}"`, {
        edgeId: request.edge,
      });
    }
    return this.slots.filter((slot) => slot.nodeId === edge.source);
  }

  private checkRunning(): void {
    if (this.runState !== 'running' && this.runState !== 'stopping') {
      throw new RuntimeError(
        'RUNTIME_NOT_RUNNING',
        `run ${this.runId} is ${this.runState}; faults apply to a running run`,
        {
          runId: this.runId,
          state: this.runState,
        },
      );
    }
  }

  private setRunState(state: RunState): void {
    this.runState = state;
    this.options.logger.info({ state }, 'run state changed');
    this.emitStatus({ state });
  }

  private emitStatus(status: RunStatus): void {
    this.emit('status', status);
  }
}

function publicMetrics({ at, nodes, edges }: AssembledMetrics): RunMetrics {
  return { at, nodes, edges };
}

/** Returns the last counts a process reported: its final report, or else its latest one. */
function reportOf(process: NodeProcess): WorkerSnapshot | undefined {
  return process.finalSnapshot ?? process.lastSnapshot;
}
