import { existsSync } from 'node:fs';
import { FFMPEG, type PipedProcess, startPiped } from './ffmpeg.js';
import { JpegSplitter } from './jpeg-splitter.js';
import { NodeFailure } from './node-context.js';

/**
 * util-linux's setpriv, which starts ffmpeg with a parent-death signal, so the kernel kills ffmpeg
 * when the node process dies, even by SIGKILL.
 */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));
/** How long ffmpeg may take to close the RTSP session after SIGTERM before it gets SIGKILL, in ms. */
const STOP_GRACE_MS = 500;
/**
 * Extra time for the first image of a connection, in ms. Before the first image, ffmpeg must set up
 * the session, wait for a keyframe and probe the stream. Its own socket timeout still ends a
 * connection that goes silent sooner.
 */
const FIRST_IMAGE_ALLOWANCE_MS = 10_000;

export interface RtspStreamSettings {
  url: string;
  /** The URL as messages show it, with any password hidden. */
  shownUrl: string;
  transport: 'tcp' | 'udp';
  /** Hard timeout of ffmpeg's socket operations (connect, each request and read), in ms. */
  timeoutMs: number;
  /** Maximum gap between two images before the stream counts as lost, in ms. */
  maxGapMs: number;
}

/** The end of an RTSP stream while the node still wants it: the camera is unreachable, silent or gone. */
export class RtspStreamError extends Error {
  override name = 'RtspStreamError';
}

/**
 * Returns `url` with its password, if any, replaced by `***`. Of text that does not parse as a URL,
 * everything between `://` and the last `@` is replaced, since the password's bounds are unknown.
 */
export function hidePassword(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[\s\S]*@/i, '$1***@');
  }
  if (parsed.password === '') return url;
  parsed.password = '***';
  return parsed.href;
}

/** Builds ffmpeg's arguments: read the RTSP URL, decode its first video stream, write JPEG images to stdout. */
export function rtspArguments(settings: RtspStreamSettings): string[] {
  return [
    ...['-v', 'error', '-nostdin'],
    // Only what RTSP needs: no file, HTTP or other protocol that a crafted SDP answer could point to.
    ...['-protocol_whitelist', 'rtsp,rtp,udp,tcp'],
    ...['-rtsp_transport', settings.transport, '-allowed_media_types', 'video'],
    // ffmpeg 5.1's RTSP demuxer takes its socket timeout as `timeout`, in microseconds (`ffmpeg -h demuxer=rtsp`).
    ...['-timeout', String(settings.timeoutMs * 1000)],
    // Without frames to estimate the frame rate from, which this output does not use, the probe
    // ends at the first decodable frame, so fewer frames wait in it and reach the pipe in one burst.
    ...['-fpsprobesize', '0'],
    // low_delay turns off the decoder's frame threading, which delays output by a frame per extra thread.
    ...['-flags', 'low_delay', '-i', settings.url, '-map', '0:v:0'],
    // One image per decoded frame, with no duplicates or drops to meet a constant output rate. The
    // JPEG encoder rejects a time stamp that does not grow, which a camera's RTP clock or frames
    // arriving in one burst can produce, so each frame is stamped with its count instead.
    ...['-fps_mode', 'passthrough', '-vf', 'setpts=N', '-enc_time_base', '-1'],
    ...['-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '5', 'pipe:1'],
  ];
}

/**
 * Reads an RTSP stream with ffmpeg and yields its frames as JPEG images, as fast as ffmpeg decodes
 * them. The consumer must take each image at once, because ffmpeg waits while the pipe is full and
 * the images then grow old. Throws RtspStreamError when the stream cannot be read or ends, with
 * ffmpeg's reason, and NodeFailure when ffmpeg cannot run at all. Returns when `signal` aborts.
 * ffmpeg is stopped on every exit.
 */
export async function* readRtspImages(settings: RtspStreamSettings, signal: AbortSignal): AsyncGenerator<Buffer> {
  if (signal.aborted) return;
  const ffmpegArgs = rtspArguments(settings);
  // NOTE: the URL, password included, is visible in the process list while ffmpeg runs.
  const {
    child: ffmpeg,
    stderrTail,
    exited,
  } = SETPRIV
    ? startPiped(SETPRIV, ['--pdeathsig', 'KILL', '--', FFMPEG, ...ffmpegArgs])
    : startPiped(FFMPEG, ffmpegArgs);
  const stop = () => ffmpeg.kill('SIGTERM');
  signal.addEventListener('abort', stop, { once: true });

  // ffmpeg's socket timeout covers each read, but a camera can keep the connection busy without
  // sending a decodable frame. Also, ffmpeg 5.1 took about four times its timeout to give up on a test
  // camera that stopped sending. This watchdog bounds the wait for the next image.
  let silence: string | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  const watch = (limitMs: number, awaited: string) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      silence = `no ${awaited} within ${limitMs} ms`;
      ffmpeg.kill('SIGKILL');
    }, limitMs);
  };
  watch(settings.timeoutMs + FIRST_IMAGE_ALLOWANCE_MS, 'first frame');

  const splitter = new JpegSplitter();
  try {
    for await (const chunk of ffmpeg.stdout) {
      for (const image of splitter.push(chunk as Buffer)) {
        watch(settings.maxGapMs, 'frame');
        yield image;
      }
    }
    const { code, error } = await exited;
    if (error) {
      throw new NodeFailure(`could not run ffmpeg to read ${settings.shownUrl}: ${error.message}`);
    }
    if (signal.aborted) return;
    const stderr = stderrTail();
    const launchFailure = SETPRIV ? setprivFailure(stderr, code) : undefined;
    if (launchFailure) {
      throw new NodeFailure(`could not run ffmpeg to read ${settings.shownUrl}: ${launchFailure}`);
    }
    throw new RtspStreamError(silence ?? ffmpegReason(stderr, settings, code));
  } finally {
    clearTimeout(watchdog);
    signal.removeEventListener('abort', stop);
    await stopProcess(ffmpeg, exited);
  }
}

/** Ends ffmpeg: SIGTERM lets it close the RTSP session, and SIGKILL follows after a short grace. */
async function stopProcess(ffmpeg: PipedProcess['child'], exited: Promise<unknown>): Promise<void> {
  if (ffmpeg.exitCode !== null || ffmpeg.signalCode !== null) return;
  ffmpeg.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), STOP_GRACE_MS);
  });
  const outcome = await Promise.race([exited, grace]);
  clearTimeout(timer);
  if (outcome === 'late') {
    ffmpeg.kill('SIGKILL');
    await exited;
  }
}

/**
 * Returns setpriv's message when it could not start ffmpeg, which it reports with exit code 126
 * (not executable) or 127 (not found), as util-linux 2.38 does.
 */
function setprivFailure(stderr: string, code: number | null): string | undefined {
  if (code !== 126 && code !== 127) return undefined;
  const line = stderr.split('\n').find((text) => text.startsWith('setpriv: '));
  return line?.slice('setpriv: '.length).trim();
}

/** Returns the last line of ffmpeg's error output without its log prefixes, or the exit code. */
function ffmpegReason(stderr: string, settings: RtspStreamSettings, code: number | null): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.replace(/^\[[^\]]+ @ 0x[0-9a-f]+\]\s*/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('Last message repeated'));
  const last = lines.at(-1);
  if (last === undefined) {
    return code === 0 ? 'the camera ended the stream' : `ffmpeg exited with code ${code ?? 'unknown'}`;
  }
  const reason = last.startsWith(`${settings.url}: `) ? last.slice(settings.url.length + 2) : last;
  return reason.split(settings.url).join(settings.shownUrl);
}
