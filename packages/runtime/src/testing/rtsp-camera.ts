import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../../../scripts/rtsp-camera.py', import.meta.url));
/** Debian's interpreter, the one that can import Debian's python3-gi. */
const PYTHON = '/usr/bin/python3';
const PACKAGES =
  'gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-rtsp python3-gi';
const READY_TIMEOUT_MS = 20_000;
const EXIT_TIMEOUT_MS = 5000;

/** A test camera: scripts/rtsp-camera.py serving a live H.264 test pattern on 127.0.0.1. */
export interface RtspCamera {
  url: string;
  port: number;
  pid: number;
  /** Kills the server with SIGKILL, as a camera that loses power, and resolves once it exited. */
  kill(): Promise<void>;
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error(`unexpected server address ${String(address)}`));
      });
    });
  });
}

/**
 * Starts the test camera on `port` and resolves once it accepts connections. Rejects with the
 * packages to install when GStreamer's RTSP server cannot start.
 */
export function startRtspCamera(port: number, fps = 25): Promise<RtspCamera> {
  const child = spawn(PYTHON, [SCRIPT, '--port', String(port), '--fps', String(fps)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr += text;
  });

  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(
        new Error(
          `the RTSP test camera (${SCRIPT}) did not start: ${reason}. It needs GStreamer's RTSP server for ` +
            `${PYTHON}; install it with: apt-get install ${PACKAGES} (scripts/setup.sh --test does this)`,
        ),
      );
    };
    const timer = setTimeout(
      () => fail(`no ready line within ${READY_TIMEOUT_MS} ms; stderr: ${stderr}`),
      READY_TIMEOUT_MS,
    );
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`exited with ${code ?? signal}; stderr: ${stderr.trim()}`));
    child.stdout.on('data', (text: string) => {
      stdout += text;
      const ready = /^ready (rtsp:\/\/\S+)$/m.exec(stdout);
      if (!ready?.[1] || child.pid === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ url: ready[1], port, pid: child.pid, kill: () => killCamera(child, exited) });
    });
  });
}

async function killCamera(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`test camera ${child.pid} did not exit within ${EXIT_TIMEOUT_MS} ms`)),
      EXIT_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([exited, late]);
  } finally {
    clearTimeout(timer);
  }
}
