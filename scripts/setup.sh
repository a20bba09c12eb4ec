#!/usr/bin/env bash
# Installs what Circuit Studio needs on a Debian machine: system packages, npm dependencies and the
# sample clip. Safe to run again: each step is skipped when its result is already there.
#   scripts/setup.sh         ffmpeg, npm packages, sample clip
#   scripts/setup.sh --test  the same plus what the tests need: Chromium for the browser tests and
#                            GStreamer's RTSP server, which scripts/rtsp-camera.py runs as a test camera
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
if [[ "$want_test" == 1 ]]; then
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  # The test camera runs with Debian's /usr/bin/python3, the interpreter that python3-gi serves.
  for package in gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
    gstreamer1.0-plugins-ugly gstreamer1.0-rtsp python3-gi; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ "$(id -u)" != 0 ]]; then
    echo "setup: missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]} from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm ci only when the lock file changed since the last install, so a restart takes seconds.
stamp=node_modules/.circuit-studio-lock
if [[ ! -f "$stamp" ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi

bash scripts/fetch-samples.sh
