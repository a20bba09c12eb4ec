import { wallClockMs } from '../../frame-header.js';
import { LatestFrame } from '../latest-frame.js';
import type { NodeContext } from '../node-context.js';
import { hidePassword, RtspStreamError, type RtspStreamSettings, readRtspImages } from '../rtsp-stream.js';
import type { NodeBehavior } from './behavior.js';
import { readyToWork } from './ready-to-work.js';

/** Timeout of each operation against the camera when the node sets none, in ms. ffmpeg's own default is to wait forever. */
const DEFAULT_TIMEOUT_MS = 5000;
/** Wait before the first reconnect after a failure, in ms. It doubles with each further failure, up to the maximum. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;
/** Frame intervals at the expected rate that may pass without a frame before the camera counts as lost. */
const MISSED_FRAMES_BEFORE_LOSS = 3;

/**
 * Emits the frames of an RTSP camera, decoded by ffmpeg into JPEG images, at the camera's pace. A
 * live source cannot wait, so ffmpeg's output is read continuously. A frame that is not sent on
 * before the next one arrives is dropped with reason `late`, which happens under an injected stall
 * or when a send waits on a capacity link. Real-time links drop frames that the next hop cannot
 * take with reason `hwm`. Capture time is when the image left ffmpeg, because RTP time stamps do
 * not reliably give the camera's wall clock.
 *
 * A camera that cannot be reached, stops sending or closes the stream puts the node in state
 * `restarting`, with a message that names the URL and ffmpeg's reason, and counts one error. The
 * node then reconnects with back-off (250 ms doubling to 5 s, and 250 ms again after a frame
 * arrives) until the run stops. It also keeps trying a camera that never responded. Cameras reboot
 * and networks come back, and users of live pipelines expect a camera to be picked up again
 * without a redeploy: DeepStream's nvurisrcbin has RTSP reconnection built in for this reason.
 * Failing the node instead would end the run for every other path of the circuit.
 *
 * NOTE: the node always emits JPEG images. Its `codec` setting describes what the deployed pipeline
 * carries, for the analysis, and does not change the runtime's payload.
 */
export class RtspSource implements NodeBehavior {
  async run(ctx: NodeContext): Promise<void> {
    const settings = rtspSettings(ctx.config);
    const mailbox = new LatestFrame();

    const sending = sendFrames(ctx, mailbox);
    try {
      await readCamera(ctx, settings, mailbox);
    } finally {
      mailbox.close();
      await sending;
      await ctx.endOutputs();
    }
  }
}

function rtspSettings(config: Record<string, unknown>): RtspStreamSettings {
  const url = String(config.url);
  const timeoutMs = config.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : Number(config.timeoutMs);
  const fps = Number(config.fps);
  return {
    url,
    shownUrl: hidePassword(url),
    transport: config.transport === 'udp' ? 'udp' : 'tcp',
    timeoutMs,
    maxGapMs: Math.max(timeoutMs, Math.ceil((MISSED_FRAMES_BEFORE_LOSS * 1000) / fps)),
  };
}

/** Connects to the camera and puts each image into `mailbox`, reconnecting until the source must finish. */
async function readCamera(ctx: NodeContext, settings: RtspStreamSettings, mailbox: LatestFrame): Promise<void> {
  const signal = ctx.finishSignal;
  const url = settings.shownUrl;
  let frameNumber = ctx.resumePosition;
  let retryMs = FIRST_RETRY_MS;
  let failures = 0;

  while (!signal.aborted) {
    const attemptStart = performance.now();
    let images = 0;
    let reason: string;
    try {
      for await (const payload of readRtspImages(settings, signal)) {
        if (images === 0 && failures > 0) {
          ctx.logger.info({ url, failures }, 'camera stream resumed');
          const attempts = failures === 1 ? '1 failed attempt' : `${failures} failed attempts`;
          ctx.setState('running', `receiving frames from ${url} again after ${attempts}`);
          failures = 0;
        }
        images += 1;
        const now = wallClockMs();
        // A replaced frame was numbered when it arrived, so the numbers stay the frames' positions.
        if (mailbox.put({ sourceId: ctx.plan.nodeId, frameNumber, captureTime: now, payload, arrivedAt: now })) {
          ctx.dropFrames('late');
        }
        frameNumber += 1;
      }
      if (signal.aborted) break;
      reason = 'the camera ended the stream';
    } catch (error) {
      if (!(error instanceof RtspStreamError)) throw error;
      reason = error.message;
    }
    if (signal.aborted) break;

    if (images > 0) retryMs = FIRST_RETRY_MS;
    failures += 1;
    ctx.errors += 1;
    const attemptMs = Math.round(performance.now() - attemptStart);
    const failure =
      images > 0 ? `lost the stream of ${url}: ${reason}` : `cannot read ${url}: ${reason} after ${attemptMs} ms`;
    ctx.logger.warn({ url, reason, attemptMs, failures, retryMs }, 'camera stream failed');
    ctx.setState('restarting', `${failure}; reconnecting in ${retryMs} ms`);
    if (!(await ctx.pause(retryMs, signal))) break;
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }
}

/**
 * Sends each frame the reader puts into `mailbox` on every output. Injected stalls and latency
 * delay the sending only, so the reader keeps draining ffmpeg and frames that wait too long are
 * replaced and dropped as late.
 */
async function sendFrames(ctx: NodeContext, mailbox: LatestFrame): Promise<void> {
  for (let frame = await mailbox.take(); frame; frame = await mailbox.take()) {
    if (!readyToWork(ctx) && !(await ctx.throttle())) {
      // The process is shutting down before the frame was sent.
      ctx.dropFrames(ctx.shutdownLossReason);
      continue;
    }
    ctx.latency.record(wallClockMs() - frame.arrivedAt);
    await ctx.emit(frame);
  }
}
