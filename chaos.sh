#!/usr/bin/env bash
# The fault-injection suite: the real stack under a steady stream of signed webhooks (a fifth of the orders delivered
# twice) while it kills the ledger and the propagator with SIGKILL (several times, restarting them), restarts the Kafka
# broker, stops PostgreSQL for 20 s and makes one shop hang for a minute. Then it checks that no acknowledged webhook
# was lost, no order line was applied twice, and the pool and every shop converged; it prints a table of the faults
# and invariants and writes bench/results/chaos-<timestamp>.json. About 8 minutes.
#
#   ./chaos.sh                        defaults: 3 shops, 200 SKUs, 30 orders/s, shops at 70/27 ms
#   ./chaos.sh --pacedRate 50         any setting can be overridden (./bench.sh --help lists them)
#
# Exit status 0 only if every invariant held.
set -euo pipefail
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 0
fi
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/bench.sh" chaos "$@"
