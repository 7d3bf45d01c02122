#!/bin/sh
# Demo data for `docker compose --profile demo up`, what tools/start/demo.mjs loads for `npm start`:
# two distribution points on minio-dp1 and minio-dp2, the demo package (tools/start/demo-package)
# with its program, distributed to both, a query collection of the Engineering computers and a
# mandatory advertisement. Runs in the cli image (`sdp` on the PATH, URLs and token from SDP_*).
# It looks for what it made before, so a second `up` changes nothing.
set -eu

PACKAGE_NAME='Demo Tool'
COLLECTION_NAME='Demo: Engineering computers'
ADVERTISEMENT_NAME='Demo Tool to Engineering'
PACKAGE_FOLDER="${DEMO_PACKAGE_FOLDER:-/demo/package}"
# Where content-replication writes and the demo agents download: both are on the compose network.
DP1_ENDPOINT="${DEMO_DP1_ENDPOINT:-http://minio-dp1:9000}"
DP2_ENDPOINT="${DEMO_DP2_ENDPOINT:-http://minio-dp2:9000}"
DP1_BUCKET="${DEMO_DP1_BUCKET:-sdp-demo-dp1}"
DP2_BUCKET="${DEMO_DP2_BUCKET:-sdp-demo-dp2}"
DP_ACCESS_KEY="${DEMO_DP_ACCESS_KEY:-sdp-local}"
# The DPs' secret key is read by sdp from SDP_DP_SECRET_KEY, so it never shows in a process list.
: "${SDP_DP_SECRET_KEY:?SDP_DP_SECRET_KEY must hold the distribution points S3 secret key}"

# Prints field $2 of the item whose name is $1 in the {"items": [...]} JSON on stdin; nothing if none.
item_field() {
  node -e '
    let text = "";
    process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => {
      const found = (JSON.parse(text).items ?? []).find((item) => item.name === process.argv[1]);
      if (found !== undefined && found[process.argv[2]] != null) process.stdout.write(String(found[process.argv[2]]));
    });' "$1" "$2"
}

# Prints field $1 of the JSON object on stdin.
field() {
  node -e '
    let text = "";
    process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => process.stdout.write(String(JSON.parse(text)[process.argv[1]] ?? "")));' "$1"
}

# Services learn each other's objects from events, a moment after they are made: a command naming
# an object another service just made is retried while it answers 404 or 422, for up to a minute.
when_known() {
  attempts=120
  while :; do
    if output=$("$@" 2>&1); then
      printf '%s\n' "$output"
      return 0
    fi
    attempts=$((attempts - 1))
    if [ "$attempts" -le 0 ] || ! printf '%s' "$output" | grep -Eq '^sdp: (404|422) '; then
      printf '%s\n' "$output" >&2
      return 1
    fi
    sleep 0.5
  done
}

dps=$(sdp dp list --json)
for dp in "demo-dp1 $DP1_ENDPOINT $DP1_BUCKET 10.1.0.0/16" "demo-dp2 $DP2_ENDPOINT $DP2_BUCKET 10.2.0.0/16"; do
  set -- $dp
  if [ -z "$(printf '%s' "$dps" | item_field "$1" name)" ]; then
    sdp dp add "$1" --endpoint "$2" --public-endpoint "$2" --bucket "$3" --region us-east-1 \
      --access-key "$DP_ACCESS_KEY" --boundary "$4" > /dev/null
    echo "made distribution point $1 ($2)"
  fi
done

package_id=$(sdp package list --query "$PACKAGE_NAME" --json | item_field "$PACKAGE_NAME" id)
if [ -z "$package_id" ]; then
  package_id=$(sdp package create --name "$PACKAGE_NAME" --version 1.0 --manufacturer 'SDP demo' --priority high --json | field id)
  sdp program add "$package_id" --name Install --command 'sh install.sh' --max-run-time 5 > /dev/null
  echo "made package $package_id with program Install"
fi
# A package without source is at version 0.
if [ "$(sdp package show "$package_id" --json | field sourceVersion)" = 0 ]; then
  sdp package upload "$package_id" "$PACKAGE_FOLDER"
  when_known sdp package distribute "$package_id" --dp demo-dp1 --dp demo-dp2 > /dev/null
  echo "assigned $package_id to demo-dp1 and demo-dp2"
fi

collection_id=$(sdp collection list --json | item_field "$COLLECTION_NAME" id)
if [ -z "$collection_id" ]; then
  collection_id=$(sdp collection create --name "$COLLECTION_NAME" --query "inventory.department = 'Engineering'" --json | field id)
  echo "made collection $collection_id"
fi

advertisement_id=$(sdp advertisement list --json | item_field "$ADVERTISEMENT_NAME" id)
if [ -z "$advertisement_id" ]; then
  advertisement_id=$(when_known sdp advertise --name "$ADVERTISEMENT_NAME" --package "$package_id" --program Install \
    --collection "$collection_id" --mandatory asap --rerun always --json | field id)
  echo "made advertisement $advertisement_id"
fi

echo "demo: package $package_id goes to demo-dp1 and demo-dp2; advertisement $advertisement_id makes it mandatory for"
echo "      collection $collection_id (inventory.department = 'Engineering'): demo-windows and demo-linux run it,"
echo "      demo-macos (Sales) does not. Watch it: the console on http://127.0.0.1:3000, or"
echo "      docker compose run --rm --entrypoint sdp demo-data advertisement status $advertisement_id --watch"
