#!/usr/bin/env bash
# The benchmark: starts the real stack (standalone KRaft Kafka, embedded PostgreSQL, ingest, ledger and propagator
# from their exec jars, N fake WooCommerce shops at real WooCommerce cost), drives it with signed webhooks and reports
# a table plus bench/results/<mode>-<timestamp>.json.
#
#   ./bench.sh quick                  about 4-5 minutes: 3 shops, 200 SKUs (numbers are indicative only)
#   ./bench.sh full                   6 shops, 10,000 SKUs, 100,000 order lines through ingest and the ledger
#   ./bench.sh ingest                 the ingest load test alone (offered 1,000/2,500/5,000/s, saturation, duplicates;
#                                     ledger frozen, then running)
#   ./bench.sh quick --jfr ledger     also record the ledger with JFR and print where its CPU went
#   ./bench.sh quick --e2eRate 100    any setting can be overridden (./bench.sh --help lists them)
#   ./bench.sh quick --shopifyShops 1 also a fake Shopify store (Admin API 2026-01, GraphQL cost bucket of 2,000
#                                     points restored at --shopifyRestoreRate, default 100/s: the Standard plan) in
#                                     the pool: same SKUs and stock, an equal share of the orders of the paced, burst,
#                                     ingest-load, hot-SKU and end-to-end phases as signed orders/create webhooks, its
#                                     writes and THROTTLED answers reported, its available checked at the end
#                                     (default 0 in every mode; calm, first-order, backlog and hand-edit phases keep
#                                     to the WooCommerce shops)
#
# Uses free ports of its own, so it never collides with ./run-local.sh. State and logs: bench/target/run-<mode>/.
#
# Environment (optional):
#   BENCH_BUILD      auto (default: build when a jar is missing or a source is newer) | always | never
#   BENCH_JAVA_OPTS  JVM options of the bench JVM itself (load generator + fake shops), default -Xmx2g
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

case "${1:-}" in
	quick | full | ingest | chaos | jfr) ;;
	-h | --help | "")
		sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
		[[ -z "${1:-}" ]] && exit 2
		;;
	*)
		echo "usage: $0 quick|full|ingest [--option value]..." >&2
		exit 2
		;;
esac

# One run at a time: runs of a mode share bench/target/run-<mode>/ (a second run would wipe the first one's PostgreSQL
# and Kafka data under it), and two runs would measure each other's load. The lock is held until this run's JVM exits.
mkdir -p bench/target
exec 9>bench/target/bench.lock
if ! flock -n 9; then
	echo "[bench] another ./bench.sh or ./chaos.sh is running in $ROOT; wait until it has stopped its stack" >&2
	exit 1
fi

VERSION=0.1.0-SNAPSHOT
ARTIFACTS=(local-stack/target/local-stack-$VERSION.jar fake-shop/target/fake-shop-$VERSION.jar
	bench/target/classes/io/stocksync/bench/BenchMain.class)
for service in ingest-service ledger-service propagator-service; do
	ARTIFACTS+=("$service/target/$service-$VERSION-exec.jar")
done

needs_build() {
	local artifact oldest=""
	compgen -G "local-stack/target/kafka-lib/kafka_2.13-*.jar" >/dev/null || return 0
	compgen -G "bench/target/lib/*.jar" >/dev/null || return 0
	for artifact in "${ARTIFACTS[@]}"; do
		[[ -f "$artifact" ]] || return 0
		[[ -z "$oldest" || "$artifact" -ot "$oldest" ]] && oldest="$artifact"
	done
	[[ -n "$(find pom.xml ./*/pom.xml ./*/src/main -newer "$oldest" -type f -print -quit 2>/dev/null)" ]]
}

build=0
case "${BENCH_BUILD:-auto}" in
	always) build=1 ;;
	never) build=0 ;;
	*) needs_build && build=1 ;;
esac
if ((build)); then
	echo "[bench] building the jars (./mvnw -q -o -DskipTests package) ..."
	# package, not install: nothing of this worktree goes into ~/.m2.
	./mvnw -q -o -DskipTests package || ./mvnw -q -DskipTests package
fi

# shellcheck disable=SC2086 # word splitting of the options is wanted
exec java ${BENCH_JAVA_OPTS:--Xmx2g} -Dstocksync.root="$ROOT" \
	-cp "bench/target/classes:bench/target/lib/*" io.stocksync.bench.BenchMain "$@"
