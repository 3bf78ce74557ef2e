#!/usr/bin/env bash
# Issue 13's check as a new user would run it: wrk, 32 connections, one real 2.7 KB WooCommerce order body
# (order.updated, processing; captured from a real shop) with a valid signature, against the running system with
# the ledger and the propagator working. Start the system first, in another terminal: ./run-local.sh
#
#   bench/wrk/duplicates.sh [seconds] [connections]      (default 30 and 32; wrk's 2 threads)
#
# Needs wrk (Debian: apt-get install wrk) and openssl. Signs the body with shop1's webhook secret from the sites file
# run-local.sh wrote. Environment (optional): SITES_FILE (default .run-local/sites.yml), INGEST_URL (default
# http://127.0.0.1:8081), SHOP (default shop1). Every delivery is the same order: the ledger applies it once.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${1:-30}"
CONNECTIONS="${2:-32}"
SITES_FILE="${SITES_FILE:-$ROOT/.run-local/sites.yml}"
INGEST_URL="${INGEST_URL:-http://127.0.0.1:8081}"
SHOP="${SHOP:-shop1}"
BODY="$ROOT/bench/wrk/order-updated-processing.json"

command -v wrk >/dev/null || { echo "wrk is not installed (Debian: apt-get install wrk)" >&2; exit 2; }
[[ -f "$SITES_FILE" ]] || { echo "no sites file at $SITES_FILE: start ./run-local.sh first" >&2; exit 2; }

# The shop's entry in the sites file: "  - id: shop1" up to the next entry.
site_value() {
	awk -v shop="$SHOP" -v key="$1" '
		/^  - id: / { current = $3 }
		current == shop && $1 == key ":" { value = $2; gsub(/^["\047]|["\047]$/, "", value); print value; exit }
	' "$SITES_FILE"
}
SECRET="$(site_value webhook-secret)"
SOURCE="$(site_value base-url)"
[[ -n "$SECRET" && -n "$SOURCE" ]] || { echo "no webhook-secret / base-url for $SHOP in $SITES_FILE" >&2; exit 2; }

export WEBHOOK_BODY_FILE="$BODY"
export WEBHOOK_SOURCE="$SOURCE/"
WEBHOOK_SIGNATURE="$(openssl dgst -sha256 -hmac "$SECRET" -binary "$BODY" | openssl base64 -A)"
export WEBHOOK_SIGNATURE

echo "wrk: ${DURATION} s, $CONNECTIONS connections, $(wc -c <"$BODY") bytes signed for $SHOP -> $INGEST_URL"
exec wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/bench/wrk/webhook.lua" \
	"$INGEST_URL/webhooks/woocommerce/$SHOP"
