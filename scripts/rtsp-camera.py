#!/usr/bin/python3
"""Serve a moving test pattern as a live H.264 RTSP stream, like a network camera.

Uses GStreamer's RTSP server (gst-rtsp-server, the server DeepStream builds on) through PyGObject.
Debian's python3-gi is only importable by /usr/bin/python3, so run the script with that
interpreter. The server listens on 127.0.0.1 only. Once it accepts connections, it prints one
line to stdout, `ready rtsp://127.0.0.1:PORT/PATH`. It runs until SIGTERM or SIGINT.

Exit codes: 0 after a signal, 2 when the port cannot be bound, 3 when GStreamer or a plugin is
missing (the message names the Debian packages to install).
"""

import argparse
import signal
import sys

PACKAGES = (
    "gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good "
    "gstreamer1.0-plugins-ugly gstreamer1.0-rtsp python3-gi"
)
ELEMENTS = ("videotestsrc", "videoconvert", "x264enc", "rtph264pay")


def missing(reason):
    print(
        f"rtsp-camera: {reason}. Install the GStreamer RTSP server with: apt-get install {PACKAGES}",
        file=sys.stderr,
    )
    sys.exit(3)


try:
    import gi

    gi.require_version("Gst", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstRtspServer
except (ImportError, ValueError) as error:
    missing(f"cannot load the GStreamer bindings ({error})")


def parse_args():
    parser = argparse.ArgumentParser(description="Serve a test pattern over RTSP on 127.0.0.1.")
    parser.add_argument("--port", type=int, required=True, help="TCP port of the RTSP server")
    parser.add_argument("--fps", type=int, default=25, help="frames per second (default 25)")
    parser.add_argument("--path", default="/camera", help="mount path of the stream (default /camera)")
    parser.add_argument("--width", type=int, default=320, help="frame width in pixels (default 320)")
    parser.add_argument("--height", type=int, default=240, help="frame height in pixels (default 240)")
    args = parser.parse_args()
    if not 1 <= args.port <= 65535:
        parser.error(f"--port must be 1 to 65535, found {args.port}")
    if not 1 <= args.fps <= 120:
        parser.error(f"--fps must be 1 to 120, found {args.fps}")
    if not args.path.startswith("/"):
        parser.error(f"--path must start with /, found {args.path}")
    return args


def launch_line(args):
    # is-live makes videotestsrc run at wall-clock pace. One keyframe a second lets a client that
    # connects mid-stream decode within a second, and zerolatency keeps x264 from holding frames back.
    return (
        f"( videotestsrc is-live=true pattern=smpte horizontal-speed=4 "
        f"! video/x-raw,width={args.width},height={args.height},framerate={args.fps}/1 "
        f"! videoconvert "
        f"! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={args.fps} "
        f"! rtph264pay name=pay0 pt=96 config-interval=1 )"
    )


def main():
    args = parse_args()
    Gst.init(None)
    absent = [name for name in ELEMENTS if Gst.ElementFactory.find(name) is None]
    if absent:
        missing(f"GStreamer elements not found: {', '.join(absent)}")

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch_line(args))
    # Every client watches the same pipeline, as with a real camera.
    factory.set_shared(True)
    server.get_mount_points().add_factory(args.path, factory)

    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        print(f"rtsp-camera: cannot listen on 127.0.0.1:{args.port}; is the port in use?", file=sys.stderr)
        sys.exit(2)
    for number in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, number, loop.quit)
    print(f"ready rtsp://127.0.0.1:{args.port}{args.path}", flush=True)
    loop.run()


if __name__ == "__main__":
    main()
