#!/usr/bin/env bash
# Fetches a real street-scene clip (vtest.avi, 795 frames at 768x576) from Debian's opencv-doc package
# into .cache/samples, and copies it into the studio's data folder. Only the .deb is downloaded, never
# installed.
set -euo pipefail
cd "$(dirname "$0")/.."

clip=.cache/samples/vtest.avi
if [[ ! -f "$clip" ]]; then
  mkdir -p .cache/debs .cache/samples
  echo "samples: downloading Debian's opencv-doc package for vtest.avi"
  (cd .cache/debs && apt-get download opencv-doc >/dev/null 2>&1) || {
    echo "samples: 'apt-get download opencv-doc' failed; run 'apt-get update' and try again" >&2
    exit 1
  }
  rm -rf .cache/opencv-doc
  dpkg -x .cache/debs/opencv-doc_*.deb .cache/opencv-doc
  cp .cache/opencv-doc/usr/share/doc/opencv-doc/examples/data/vtest.avi "$clip"
  rm -rf .cache/opencv-doc .cache/debs
fi

data_dir=${DATA_DIR:-data}
mkdir -p "$data_dir/samples"
[[ -f "$data_dir/samples/vtest.avi" ]] || cp "$clip" "$data_dir/samples/vtest.avi"
