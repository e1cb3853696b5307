#!/usr/bin/env bash
# Regenerates the app icons (a white "CD" monogram on a blue rounded square) with ImageMagick.
# PNG32 forces RGBA, which tauri::generate_context! requires of every icon.
set -euo pipefail
cd "$(dirname "$0")"
convert -size 512x512 xc:none -fill '#1f5fbf' -draw 'roundrectangle 16,16 495,495 96,96' \
  -font DejaVu-Sans-Bold -pointsize 230 -fill white -gravity center -annotate +0+8 'CD' \
  PNG32:icon.png
convert icon.png -resize 32x32 PNG32:32x32.png
convert icon.png -resize 128x128 PNG32:128x128.png
convert icon.png -resize 256x256 PNG32:128x128@2x.png
