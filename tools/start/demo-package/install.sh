#!/bin/sh
# The demo program: "installs" the demo tool by writing a receipt where the demo agent says.
set -e
receipts="${SDP_DEMO_RECEIPTS:-/tmp/sdp-demo-receipts}"
mkdir -p "$receipts"
echo "Demo Tool $(cat VERSION) installed at $(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$receipts/demo-tool.txt"
echo "wrote $receipts/demo-tool.txt"
