import { type ChildProcessByStdio, execFile, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { JpegSplitter } from './jpeg-splitter.js';
import { NodeFailure } from './node-context.js';

const execFileAsync = promisify(execFile);

const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';
export const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
const PROBE_TIMEOUT_MS = 15_000;
/** Bytes of ffmpeg's error output kept for the failure message. */
const STDERR_TAIL_BYTES = 2000;

/** A child process whose stdout is read as a stream and whose error output is kept for messages. */
export interface PipedProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** The last `STDERR_TAIL_BYTES` of its error output. */
  stderrTail(): string;
  /** Resolves once it ended, or failed to start with `error`. */
  exited: Promise<{ code: number | null; killedBy: NodeJS.Signals | null; error?: Error }>;
}

/** Starts `command` with stdout and stderr piped, keeping the tail of its error output. */
export function startPiped(command: string, args: string[]): PipedProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_TAIL_BYTES);
  });
  const exited = new Promise<{ code: number | null; killedBy: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, killedBy: null, error }));
    child.once('close', (code, killedBy) => resolve({ code, killedBy }));
  });
  return { child, stderrTail: () => stderr, exited };
}

export interface VideoInfo {
  /** Frame count from the container header, when it has one. */
  frames?: number;
  codec: string;
}

/** Reads the first video stream's codec and frame count; throws NodeFailure naming the file otherwise. */
export async function probeVideo(path: string, shownPath: string): Promise<VideoInfo> {
  let stdout: string;
  try {
    const result = await execFileAsync(
      FFPROBE,
      ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,nb_frames', '-of', 'json', path],
      { timeout: PROBE_TIMEOUT_MS, maxBuffer: 1024 * 1024 },
    );
    stdout = result.stdout;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    const reason = stderr.split('\n').at(-1) || (error as Error).message;
    throw new NodeFailure(`${shownPath} is not a readable video file: ${reason}`);
  }
  const parsed = JSON.parse(stdout) as { streams?: Array<{ codec_name?: string; nb_frames?: string }> };
  const stream = parsed.streams?.[0];
  if (!stream) {
    throw new NodeFailure(`${shownPath} contains no video stream`);
  }
  const frames = Number(stream.nb_frames);
  return { codec: stream.codec_name ?? 'unknown', ...(Number.isInteger(frames) && frames > 0 ? { frames } : {}) };
}

/**
 * Decodes the first video stream into JPEG images with ffmpeg and yields them one by one. The
 * consumer's pace is the decoder's pace: while it does not ask for the next image, the pipe fills
 * and ffmpeg waits. Throws NodeFailure when ffmpeg fails or ends early; stops ffmpeg when `signal`
 * aborts or the consumer stops iterating.
 */
export async function* decodeJpegFrames(path: string, shownPath: string, signal: AbortSignal): AsyncGenerator<Buffer> {
  const {
    child: ffmpeg,
    stderrTail,
    exited,
  } = startPiped(FFMPEG, [
    ...['-v', 'error', '-nostdin', '-i', path, '-map', '0:v:0'],
    // Emit every decoded frame once: no duplicates or drops to meet a constant output rate.
    ...['-fps_mode', 'passthrough', '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '5', 'pipe:1'],
  ]);
  const stop = () => ffmpeg.kill('SIGTERM');
  signal.addEventListener('abort', stop, { once: true });

  const splitter = new JpegSplitter();
  try {
    for await (const chunk of ffmpeg.stdout) {
      for (const image of splitter.push(chunk as Buffer)) {
        yield image;
      }
    }
    const { code, killedBy, error } = await exited;
    if (error) throw error;
    if (signal.aborted) return;
    if (code !== 0) {
      const reason = stderrTail().trim().split('\n').slice(-3).join(' ') || `exit code ${code ?? killedBy}`;
      throw new NodeFailure(`ffmpeg failed to decode ${shownPath}: ${reason}`);
    }
    if (splitter.pendingBytes > 0) {
      throw new NodeFailure(
        `${shownPath} ended inside a frame: ${splitter.pendingBytes} bytes do not form a JPEG image`,
      );
    }
  } catch (error) {
    if (error instanceof NodeFailure) throw error;
    throw new NodeFailure(`could not run ffmpeg on ${shownPath}: ${(error as Error).message}`);
  } finally {
    signal.removeEventListener('abort', stop);
    if (ffmpeg.exitCode === null && ffmpeg.signalCode === null) {
      ffmpeg.kill('SIGKILL');
    }
  }
}
