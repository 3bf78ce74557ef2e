#!/usr/bin/env bash
# stock-sync on one machine with only a JDK: no Docker, no installed Kafka or PostgreSQL.
#
#   ./run-local.sh            start everything, print the demo, run until Ctrl-C
#   ./run-local.sh --check    start everything, run the demo order, verify it reached the pool and every shop, stop
#   --shopify                 (with either) also start a fake Shopify store "shopify1" (Admin API 2026-01) in the pool
#
# Starts a single-node KRaft Kafka broker and (unless DATABASE_URL is set) an embedded PostgreSQL from the
# local-stack module, three fake WooCommerce shops, and the ingest, ledger and propagator services. State lives
# under .run-local/ (logs in .run-local/logs/) and is started fresh on every run, like the in-memory fake shops.
#
# Environment (all optional):
#   ADMIN_TOKEN            admin bearer token for the services (default dev-admin-token)
#   CONSOLE_USER CONSOLE_PASSWORD   the web console's operator login (default admin and a random password,
#                          printed at the end)
#   DATABASE_URL           JDBC URL of an existing PostgreSQL; with DATABASE_USER / DATABASE_PASSWORD.
#                          Unset: an embedded PostgreSQL is started on POSTGRES_PORT.
#   INGEST_PORT LEDGER_PORT PROPAGATOR_PORT      default 8081 8082 8083
#   CONSOLE_PORT                                 default 8084 (the web console)
#   KAFKA_PORT KAFKA_CONTROLLER_PORT             default 9092 9093
#   POSTGRES_PORT                                default 5433 (embedded PostgreSQL only)
#   SHOP1_PORT SHOP2_PORT SHOP3_PORT             default 9101 9102 9103
#   SHOPIFY_PORT                                 default 9111 (with --shopify)
#   RUN_LOCAL_BUILD        auto (default: build when a jar is missing or a source is newer) | always | never
#   RUN_LOCAL_TIMEOUT      seconds to wait for each step (default 180)
#   RUN_LOCAL_JAVA_OPTS    extra JVM options for the three services, after config/jvm.options and a module's own
#                          config/<module>.jvm.options (theirs everywhere)
#   RUN_LOCAL_BATCH_NICE   CPU priority (nice, 0-19) of the work behind Kafka: the ledger, the propagator and the
#                          embedded PostgreSQL (default 10; 0: all at the same priority). Ingest and Kafka, the path a
#                          shop's webhook waits on, keep 0: on shared cores they come first, and the rest catches up
#                          after a burst (docs/jvm-options.md, "CPU priority")
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

MODE=run
SHOPIFY=0
for arg in "$@"; do
	case "$arg" in
		--check) MODE=check ;;
		--shopify) SHOPIFY=1 ;;
		-h | --help)
			sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
			exit 0
			;;
		*)
			echo "unknown option '$arg'; usage: $0 [--check] [--shopify] ($0 --help lists ports and options)" >&2
			exit 2
			;;
	esac
done

VERSION=0.1.0-SNAPSHOT
RUN_DIR="$ROOT/.run-local"
LOG_DIR="$RUN_DIR/logs"
TIMEOUT="${RUN_LOCAL_TIMEOUT:-180}"
BATCH_NICE="${RUN_LOCAL_BATCH_NICE:-10}"
[[ "$BATCH_NICE" =~ ^[0-9]+$ && "$BATCH_NICE" -le 19 ]] || {
	echo "[run-local] RUN_LOCAL_BATCH_NICE must be a number from 0 to 19, got '$BATCH_NICE'" >&2
	exit 2
}
# nice replaces itself with the command, so pids (and stopping) stay as they are
batch=(nice -n "$BATCH_NICE")
ADMIN_TOKEN="${ADMIN_TOKEN:-dev-admin-token}"
SHOP_IDS=(shop1 shop2 shop3)

port_var() { # name default: a port from the environment, validated
	local value="${!1:-$2}"
	if ! [[ "$value" =~ ^[0-9]{1,5}$ ]] || ((value < 1 || value > 65535)); then
		echo "run-local: $1='$value' is not a port number" >&2
		exit 2
	fi
	echo "$value"
}
INGEST_PORT="$(port_var INGEST_PORT 8081)"
LEDGER_PORT="$(port_var LEDGER_PORT 8082)"
PROPAGATOR_PORT="$(port_var PROPAGATOR_PORT 8083)"
CONSOLE_PORT="$(port_var CONSOLE_PORT 8084)"
KAFKA_PORT="$(port_var KAFKA_PORT 9092)"
KAFKA_CONTROLLER_PORT="$(port_var KAFKA_CONTROLLER_PORT 9093)"
POSTGRES_PORT="$(port_var POSTGRES_PORT 5433)"
SHOP_PORTS=("$(port_var SHOP1_PORT 9101)" "$(port_var SHOP2_PORT 9102)" "$(port_var SHOP3_PORT 9103)")
SHOPIFY_PORT="$(port_var SHOPIFY_PORT 9111)"

KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
INGEST_URL="http://127.0.0.1:$INGEST_PORT"
LEDGER_URL="http://127.0.0.1:$LEDGER_PORT"
PROPAGATOR_URL="http://127.0.0.1:$PROPAGATOR_PORT"
CONSOLE_URL="http://127.0.0.1:$CONSOLE_PORT"
CONSOLE_USER="${CONSOLE_USER:-admin}"
CONSOLE_PASSWORD="${CONSOLE_PASSWORD:-$(LC_ALL=C tr -dc 'a-zA-Z0-9' </dev/urandom 2>/dev/null | head -c 16 || true)}"
[[ -n "$CONSOLE_PASSWORD" ]] || CONSOLE_PASSWORD="demo-$RANDOM$RANDOM"

LOCAL_STACK="$ROOT/local-stack/target"
KAFKA_CP="$LOCAL_STACK/kafka-lib/*"
PG_CP="$LOCAL_STACK/classes:$LOCAL_STACK/pg-lib/*:$LOCAL_STACK/kafka-lib/*"

say() { printf '[run-local] %s\n' "$*"; }
fail() {
	printf '\n[run-local] ERROR: %s\n' "$*" >&2
	exit 1
}

# ---------------------------------------------------------------------------------------------------------------
# Child processes: started in the background, stopped in reverse order on Ctrl-C, on error and on exit.
# ---------------------------------------------------------------------------------------------------------------
PIDS=()
NAMES=()
STOPPING=0

stop_all() {
	local status=$?
	((STOPPING)) && return
	STOPPING=1
	trap - INT TERM
	if ((${#PIDS[@]})); then
		echo
		say "stopping ${NAMES[*]}"
		local i pid
		# Reverse start order: services, then shops, then PostgreSQL and Kafka.
		for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
			kill -TERM "${PIDS[i]}" 2>/dev/null || true
			# Give Kafka and PostgreSQL their clients' goodbyes before they go.
			if [[ "${NAMES[i]}" == ledger || "${NAMES[i]}" == shop1 ]]; then
				wait_gone 20 "${PIDS[@]:i}"
			fi
		done
		wait_gone 30 "${PIDS[@]}"
		for ((i = 0; i < ${#PIDS[@]}; i++)); do
			if kill -0 "${PIDS[i]}" 2>/dev/null; then
				say "${NAMES[i]} (pid ${PIDS[i]}) did not stop in time: killing it"
				kill -KILL "${PIDS[i]}" 2>/dev/null || true
				# The embedded PostgreSQL server outlives a killed launcher JVM: stop it through its pid file.
				if [[ "${NAMES[i]}" == postgres && -f "$RUN_DIR/postgres/postmaster.pid" ]]; then
					pid="$(head -n1 "$RUN_DIR/postgres/postmaster.pid" 2>/dev/null || true)"
					[[ "$pid" =~ ^[0-9]+$ ]] && kill -TERM "$pid" 2>/dev/null || true
				fi
			fi
		done
		wait 2>/dev/null || true
		say "stopped (logs kept in ${LOG_DIR#"$ROOT"/})"
	fi
	exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

wait_gone() { # seconds pid...: wait until the processes are gone or the time is up
	local seconds=$1 deadline pid alive
	shift
	deadline=$((SECONDS + seconds))
	while ((SECONDS < deadline)); do
		alive=0
		for pid in "$@"; do
			kill -0 "$pid" 2>/dev/null && alive=1
		done
		((alive)) || return 0
		sleep 0.2
	done
}

start() { # name command...: run in the background with output to logs/<name>.log
	local name=$1
	shift
	"$@" >"$LOG_DIR/$name.log" 2>&1 </dev/null &
	PIDS+=($!)
	NAMES+=("$name")
}

pid_of() {
	local i
	for ((i = 0; i < ${#NAMES[@]}; i++)); do
		[[ "${NAMES[i]}" == "$1" ]] && echo "${PIDS[i]}" && return
	done
}

died() { # name: fail with the end of its log
	fail "$1 exited during start-up. Last lines of ${LOG_DIR#"$ROOT"/}/$1.log:
$(tail -n 30 "$LOG_DIR/$1.log" 2>/dev/null | sed 's/^/    /')"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # name description command...: poll the command until it succeeds, the process dies or time is up
	local name=$1 what=$2 pid deadline
	shift 2
	pid="$(pid_of "$name")"
	deadline=$((SECONDS + TIMEOUT))
	until "$@" >/dev/null 2>&1; do
		if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
			died "$name"
		fi
		if ((SECONDS >= deadline)); then
			fail "timed out after ${TIMEOUT}s waiting for $what (see ${LOG_DIR#"$ROOT"/}/$name.log; RUN_LOCAL_TIMEOUT raises the limit)"
		fi
		sleep 0.5
	done
}

healthy() { curl -fsS --max-time 3 "$1/actuator/health" | grep -q '"status":"UP"'; }

# ---------------------------------------------------------------------------------------------------------------
# 1. Preconditions
# ---------------------------------------------------------------------------------------------------------------
command -v java >/dev/null || fail "java not found: install a JDK 17 or later"
command -v curl >/dev/null || fail "curl not found"
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${java_major%%.*}" -ge 17 ]] 2>/dev/null || fail "Java 17 or later needed, found ${java_major:-unknown}"

declare -A PORT_OWNER=(
	["$INGEST_PORT"]="ingest-service (INGEST_PORT)" ["$LEDGER_PORT"]="ledger-service (LEDGER_PORT)"
	["$PROPAGATOR_PORT"]="propagator-service (PROPAGATOR_PORT)" ["$KAFKA_PORT"]="Kafka (KAFKA_PORT)"
	["$CONSOLE_PORT"]="console (CONSOLE_PORT)"
	["$KAFKA_CONTROLLER_PORT"]="Kafka controller (KAFKA_CONTROLLER_PORT)"
	["${SHOP_PORTS[0]}"]="shop1 (SHOP1_PORT)" ["${SHOP_PORTS[1]}"]="shop2 (SHOP2_PORT)"
	["${SHOP_PORTS[2]}"]="shop3 (SHOP3_PORT)"
)
components=9
if [[ -z "${DATABASE_URL:-}" ]]; then
	PORT_OWNER["$POSTGRES_PORT"]="embedded PostgreSQL (POSTGRES_PORT)"
	components=10
fi
((${#PORT_OWNER[@]} == components)) || fail "two components are configured on the same port"
for port in "${!PORT_OWNER[@]}"; do
	if port_open "$port"; then
		fail "port $port, needed for ${PORT_OWNER[$port]}, is already in use on 127.0.0.1.
    Stop whatever listens there (a previous ./run-local.sh?) or choose another port with the variable in brackets."
	fi
done

# ---------------------------------------------------------------------------------------------------------------
# 2. Build if needed
# ---------------------------------------------------------------------------------------------------------------
SERVICES=(ingest-service ledger-service propagator-service console)
ARTIFACTS=("$LOCAL_STACK/local-stack-$VERSION.jar" "fake-shop/target/fake-shop-$VERSION.jar")
for service in "${SERVICES[@]}"; do
	ARTIFACTS+=("$service/target/$service-$VERSION-exec.jar")
done

needs_build() {
	local artifact oldest=""
	compgen -G "$LOCAL_STACK/kafka-lib/kafka_2.13-*.jar" >/dev/null || return 0
	compgen -G "$LOCAL_STACK/pg-lib/embedded-postgres-*.jar" >/dev/null || return 0
	for artifact in "${ARTIFACTS[@]}"; do
		[[ -f "$artifact" ]] || return 0
		[[ -z "$oldest" || "$artifact" -ot "$oldest" ]] && oldest="$artifact"
	done
	[[ -n "$(find pom.xml ./*/pom.xml ./*/src/main -newer "$oldest" -type f -print -quit 2>/dev/null)" ]]
}

case "${RUN_LOCAL_BUILD:-auto}" in
	always) build=1 ;;
	never) build=0 ;;
	*) if needs_build; then build=1; else build=0; fi ;;
esac
mkdir -p "$RUN_DIR"
if ((build)); then
	say "building (./mvnw -q -DskipTests install) ..."
	./mvnw -q -DskipTests install || fail "the build failed (output above)"
fi
for artifact in "${ARTIFACTS[@]}"; do
	[[ -f "$artifact" ]] || fail "$artifact is missing after the build (RUN_LOCAL_BUILD=always rebuilds)"
done
compgen -G "$LOCAL_STACK/kafka-lib/kafka_2.13-*.jar" >/dev/null ||
	fail "the Kafka broker jars are missing in local-stack/target/kafka-lib (RUN_LOCAL_BUILD=always rebuilds)"
FAKE_SHOP_CP_FILE="$RUN_DIR/fake-shop.classpath"
if ((build)) || [[ ! -s "$FAKE_SHOP_CP_FILE" || "$FAKE_SHOP_CP_FILE" -ot fake-shop/pom.xml ]]; then
	./mvnw -q -o -pl fake-shop dependency:build-classpath -DincludeScope=runtime \
		-Dmdep.outputFile="$FAKE_SHOP_CP_FILE" ||
		./mvnw -q -pl fake-shop dependency:build-classpath -DincludeScope=runtime \
			-Dmdep.outputFile="$FAKE_SHOP_CP_FILE" ||
		fail "cannot resolve the fake-shop class path"
fi
FAKE_SHOP_CP="$ROOT/fake-shop/target/fake-shop-$VERSION.jar:$(cat "$FAKE_SHOP_CP_FILE")"

# ---------------------------------------------------------------------------------------------------------------
# 3. Fresh state
# ---------------------------------------------------------------------------------------------------------------
rm -rf "$RUN_DIR/kafka" "$RUN_DIR/postgres" "$RUN_DIR/config" "$LOG_DIR"
mkdir -p "$RUN_DIR/kafka" "$RUN_DIR/config" "$LOG_DIR"
CONFIG="$RUN_DIR/config"

# ---------------------------------------------------------------------------------------------------------------
# 4. Kafka: single-node KRaft broker + controller
# ---------------------------------------------------------------------------------------------------------------
cat >"$CONFIG/kafka-server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$RUN_DIR/kafka/data
num.partitions=3
auto.create.topics.enable=true
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
log4j_config() { # target level
	cat <<EOF
status = error
appender.out.type = Console
appender.out.name = out
appender.out.target = SYSTEM_$1
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = $2
rootLogger.appenderRef.out.ref = out
logger.state.name = state.change.logger
logger.state.level = warn
logger.request.name = kafka.request.logger
logger.request.level = warn
EOF
}
log4j_config OUT info >"$CONFIG/log4j2-kafka.properties"
log4j_config ERR warn >"$CONFIG/log4j2-tools.properties"

say "starting Kafka (KRaft, $KAFKA_BOOTSTRAP) ..."
tools_java=(java -Xmx256m -Dlog4j2.configurationFile="$CONFIG/log4j2-tools.properties" -cp "$KAFKA_CP")
cluster_id="$("${tools_java[@]}" kafka.tools.StorageTool random-uuid 2>>"$LOG_DIR/kafka-format.log")" ||
	fail "kafka.tools.StorageTool random-uuid failed (see ${LOG_DIR#"$ROOT"/}/kafka-format.log)"
"${tools_java[@]}" kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$CONFIG/kafka-server.properties" \
	>>"$LOG_DIR/kafka-format.log" 2>&1 ||
	fail "formatting the Kafka storage failed:
$(tail -n 20 "$LOG_DIR/kafka-format.log" | sed 's/^/    /')"
start kafka java -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
	-Dlog4j2.configurationFile="$CONFIG/log4j2-kafka.properties" -cp "$KAFKA_CP" kafka.Kafka "$CONFIG/kafka-server.properties"

# ---------------------------------------------------------------------------------------------------------------
# 5. PostgreSQL: DATABASE_URL, or embedded
# ---------------------------------------------------------------------------------------------------------------
if [[ -n "${DATABASE_URL:-}" ]]; then
	say "using PostgreSQL at DATABASE_URL=$DATABASE_URL"
	DB_URL="$DATABASE_URL"
	DB_USER="${DATABASE_USER:-stocksync}"
	DB_PASSWORD="${DATABASE_PASSWORD:-}"
else
	say "starting embedded PostgreSQL (127.0.0.1:$POSTGRES_PORT) ..."
	start postgres "${batch[@]}" java -Xmx128m -Dlog4j2.configurationFile="$CONFIG/log4j2-tools.properties" -cp "$PG_CP" \
		io.stocksync.localstack.EmbeddedPostgresMain --port "$POSTGRES_PORT" --data-dir "$RUN_DIR/postgres"
	DB_URL="jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/stocksync"
	DB_USER=postgres
	DB_PASSWORD=
fi

# ---------------------------------------------------------------------------------------------------------------
# 6. Three fake WooCommerce shops (demo catalogue, webhooks to ingest) and the sites file naming them
# ---------------------------------------------------------------------------------------------------------------
WEBHOOK_TOPICS=(order.created order.updated order.deleted order.restored product.updated)
say "starting fake shops ${SHOP_IDS[*]} (ports ${SHOP_PORTS[*]}) ..."
for i in 0 1 2; do
	webhook_args=()
	for topic in "${WEBHOOK_TOPICS[@]}"; do
		webhook_args+=(--webhook "$topic=$INGEST_URL/webhooks/woocommerce/{id}")
	done
	# --async: deliveries from a background queue, like WooCommerce's default (Action Scheduler).
	start "${SHOP_IDS[i]}" java -Xmx64m -XX:TieredStopAtLevel=1 -cp "$FAKE_SHOP_CP" io.stocksync.fakeshop.FakeShopMain \
		--shop "${SHOP_IDS[i]}:${SHOP_PORTS[i]}" --async "${webhook_args[@]}"
done
if ((SHOPIFY)); then
	say "starting fake Shopify store shopify1 (port $SHOPIFY_PORT) ..."
	start shopify1 java -Xmx64m -XX:TieredStopAtLevel=1 -cp "$FAKE_SHOP_CP" io.stocksync.fakeshop.shopify.FakeShopifyMain \
		--id shopify1 --port "$SHOPIFY_PORT" --webhook-url "$INGEST_URL/webhooks/shopify/{id}"
fi

# ---------------------------------------------------------------------------------------------------------------
# 7. The services
# ---------------------------------------------------------------------------------------------------------------
wait_for kafka "Kafka on $KAFKA_BOOTSTRAP" port_open "$KAFKA_PORT"
wait_for kafka "the Kafka broker to finish starting" grep -q "Kafka Server started" "$LOG_DIR/kafka.log"
say "Kafka is up"
if [[ -z "${DATABASE_URL:-}" ]]; then
	wait_for postgres "embedded PostgreSQL" grep -q '^READY' "$LOG_DIR/postgres.log"
	say "PostgreSQL is up"
fi
# Each shop prints its sites.yml entry (URL, OAuth 1.0a credentials, webhook secret) once it listens.
SITES_FILE="$RUN_DIR/sites.yml"
{
	echo "# Written by run-local.sh for the fake shops it started."
	echo "sites:"
} >"$SITES_FILE"
for i in 0 1 2; do
	wait_for "${SHOP_IDS[i]}" "fake shop ${SHOP_IDS[i]} on port ${SHOP_PORTS[i]}" grep -q '^# ' "$LOG_DIR/${SHOP_IDS[i]}.log"
	sed -n '/^  - id: /,/^    webhook-secret: /p' "$LOG_DIR/${SHOP_IDS[i]}.log" >>"$SITES_FILE"
	echo "    auth: oauth1" >>"$SITES_FILE"
	grep -q "^  - id: ${SHOP_IDS[i]}\$" "$SITES_FILE" || fail "fake shop ${SHOP_IDS[i]} did not print its sites entry (see ${LOG_DIR#"$ROOT"/}/${SHOP_IDS[i]}.log)"
done
if ((SHOPIFY)); then
	wait_for shopify1 "fake Shopify store on port $SHOPIFY_PORT" grep -q '^    webhook-secret: ' "$LOG_DIR/shopify1.log"
	sed -n '/^  - id: /,/^    webhook-secret: /p' "$LOG_DIR/shopify1.log" >>"$SITES_FILE"
fi
say "fake shops are up; sites file ${SITES_FILE#"$ROOT"/}"

service_env=(env KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP" ADMIN_TOKEN="$ADMIN_TOKEN" STOCKSYNC_SITES_FILE="$SITES_FILE"
	SPRING_PROFILES_ACTIVE=local LIQUIBASE_ANALYTICS_ENABLED=false MALLOC_ARENA_MAX=2)
# The services' JVM options, the same wherever they run (docs/jvm-options.md): config/jvm.options, then the
# module's own config/<module>.jvm.options where it has one, then RUN_LOCAL_JAVA_OPTS.
own_options() { # module: its own argument file, if it has one
	if [ -f "$ROOT/config/$1.jvm.options" ]; then echo "@$ROOT/config/$1.jvm.options"; fi
}
# shellcheck disable=SC2206 # word splitting of the options is wanted
ingest_java=(java @"$ROOT/config/jvm.options" $(own_options ingest-service) ${RUN_LOCAL_JAVA_OPTS:-} -jar)
# shellcheck disable=SC2206 # word splitting of the options is wanted
ledger_java=(java @"$ROOT/config/jvm.options" $(own_options ledger-service) ${RUN_LOCAL_JAVA_OPTS:-} -jar)
# shellcheck disable=SC2206 # word splitting of the options is wanted
propagator_java=(java @"$ROOT/config/jvm.options" $(own_options propagator-service) ${RUN_LOCAL_JAVA_OPTS:-} -jar)
say "starting ledger-service ($LEDGER_URL), ingest-service ($INGEST_URL), propagator-service ($PROPAGATOR_URL) ..."
start ledger "${batch[@]}" "${service_env[@]}" SERVER_PORT="$LEDGER_PORT" DATABASE_URL="$DB_URL" DATABASE_USER="$DB_USER" \
	DATABASE_PASSWORD="$DB_PASSWORD" STOCKSYNC_ONBOARDING_INGEST_URL="$INGEST_URL" "${ledger_java[@]}" "ledger-service/target/ledger-service-$VERSION-exec.jar"
start ingest "${service_env[@]}" SERVER_PORT="$INGEST_PORT" STOCKSYNC_DATA_DIR="$RUN_DIR/ingest-data" \
	STOCKSYNC_PUBLIC_BASE_URL="$INGEST_URL" \
	"${ingest_java[@]}" "ingest-service/target/ingest-service-$VERSION-exec.jar"
# The propagator keeps its version guard, own-write log and DLT index in the same database (own tables and changelog).
start propagator "${batch[@]}" "${service_env[@]}" SERVER_PORT="$PROPAGATOR_PORT" DATABASE_URL="$DB_URL" DATABASE_USER="$DB_USER" \
	DATABASE_PASSWORD="$DB_PASSWORD" "${propagator_java[@]}" "propagator-service/target/propagator-service-$VERSION-exec.jar"
wait_for ledger "ledger-service health UP at $LEDGER_URL/actuator/health" healthy "$LEDGER_URL"
say "ledger-service is UP"
wait_for ingest "ingest-service health UP at $INGEST_URL/actuator/health" healthy "$INGEST_URL"
say "ingest-service is UP"
wait_for propagator "propagator-service health UP at $PROPAGATOR_URL/actuator/health" healthy "$PROPAGATOR_URL"
say "propagator-service is UP"
say "starting the console ($CONSOLE_URL) ..."
start console env SERVER_PORT="$CONSOLE_PORT" ADMIN_TOKEN="$ADMIN_TOKEN" STOCKSYNC_INGEST_URL="$INGEST_URL" \
	STOCKSYNC_LEDGER_URL="$LEDGER_URL" STOCKSYNC_PROPAGATOR_URL="$PROPAGATOR_URL" CONSOLE_USER="$CONSOLE_USER" \
	CONSOLE_PASSWORD="$CONSOLE_PASSWORD" java -Xms32m -Xmx192m -XX:TieredStopAtLevel=1 ${RUN_LOCAL_JAVA_OPTS:-} \
	-jar "console/target/console-$VERSION-exec.jar"

# ---------------------------------------------------------------------------------------------------------------
# 8. The initial stock (the shops registered their webhooks to ingest at start)
# ---------------------------------------------------------------------------------------------------------------
admin() { # method url: an admin call, body on stdout, fails on a non-2xx answer
	curl -fsS --max-time 30 -X "$1" -H "Authorization: Bearer $ADMIN_TOKEN" "$2"
}
say "seeding the stock pool from shop1 (POST $LEDGER_URL/admin/stock/import?fromShop=shop1) ..."
import_answer="$(admin POST "$LEDGER_URL/admin/stock/import?fromShop=shop1" 2>&1)" ||
	fail "seeding the stock pool failed: $import_answer (see ${LOG_DIR#"$ROOT"/}/ledger.log)"
say "import: $import_answer"

DEMO_SKU=WCP-MUG
pool_json() { admin GET "$LEDGER_URL/admin/stock/$DEMO_SKU" 2>/dev/null; }
json_number() { sed -n "s/.*\"$1\" *: *\(-\{0,1\}[0-9][0-9]*\).*/\1/p"; }
shop_quantity() { # shop index: the demo SKU's stock in that shop's /stock answer
	curl -fsS --max-time 5 "http://127.0.0.1:${SHOP_PORTS[$1]}/stock" | json_number "$DEMO_SKU"
}
pool_available() { pool_json | json_number available; }
pool_is() { [[ "$(pool_available)" == "$1" ]]; }
all_shops_are() {
	local i
	for i in 0 1 2; do
		[[ "$(shop_quantity "$i")" == "$1" ]] || return 1
	done
}

wait_for ledger "the import to reach the pool ($LEDGER_URL/admin/stock/$DEMO_SKU)" pool_json
seeded="$(pool_available)"
wait_for propagator "the seeded stock of $DEMO_SKU ($seeded) to reach every shop" all_shops_are "$seeded"
say "pool seeded: $DEMO_SKU available=$seeded in the pool and in shop1, shop2, shop3"

DEMO_COMMAND="curl -s -X POST 'http://127.0.0.1:${SHOP_PORTS[0]}/checkout?sku=$DEMO_SKU&qty=2'"
LOOK_POOL="curl -s -H 'Authorization: Bearer $ADMIN_TOKEN' $LEDGER_URL/admin/stock/$DEMO_SKU"
LOOK_SHOPS="for p in ${SHOP_PORTS[*]}; do curl -s http://127.0.0.1:\$p/stock; echo; done"

wait_for console "the console at $CONSOLE_URL" healthy "$CONSOLE_URL"
say "console is UP"

if [[ "$MODE" == check ]]; then
	say "check: ordering 2 x $DEMO_SKU in shop1: $DEMO_COMMAND"
	curl -fsS --max-time 10 -X POST "http://127.0.0.1:${SHOP_PORTS[0]}/checkout?sku=$DEMO_SKU&qty=2" ||
		fail "the demo checkout in shop1 failed"
	echo
	expected=$((seeded - 2))
	wait_for ledger "the pool to show $DEMO_SKU available=$expected" pool_is "$expected"
	say "pool: $(pool_json)"
	wait_for propagator "every shop to show $DEMO_SKU stock=$expected" all_shops_are "$expected"
	for i in 0 1 2; do
		say "${SHOP_IDS[i]}: $DEMO_SKU stock=$(shop_quantity "$i")"
	done
	curl -fsS --max-time 10 -o /dev/null "$CONSOLE_URL/login" || fail "the console's login page does not answer"
	say "console: $CONSOLE_URL/login answers"
	if ((SHOPIFY)); then
		shopify_mug() { curl -fsS --max-time 5 "http://127.0.0.1:$SHOPIFY_PORT/stock" | json_number "$DEMO_SKU"; }
		shopify_is() { [[ "$(shopify_mug)" == "$1" ]]; }
		wait_for propagator "the Shopify store to show $DEMO_SKU available=$expected" shopify_is "$expected"
		say "check: ordering 1 x $DEMO_SKU in the Shopify store"
		curl -fsS --max-time 10 -X POST "http://127.0.0.1:$SHOPIFY_PORT/checkout?sku=$DEMO_SKU&qty=1" ||
			fail "the demo checkout in the Shopify store failed"
		echo
		expected=$((expected - 1))
		wait_for ledger "the pool to show $DEMO_SKU available=$expected" pool_is "$expected"
		wait_for propagator "every shop to show $DEMO_SKU stock=$expected" all_shops_are "$expected"
		say "CHECK PASSED: the Shopify order reached the pool and the WooCommerce shops"
	fi
	say "CHECK PASSED: the order in shop1 reached the pool and all three shops"
	exit 0
fi

cat <<EOF

================================================================================================
 stock-sync is running (Ctrl-C stops everything; logs in ${LOG_DIR#"$ROOT"/}/)

   console             $CONSOLE_URL      log in as $CONSOLE_USER / $CONSOLE_PASSWORD
   ingest-service      $INGEST_URL      (webhooks: $INGEST_URL/webhooks/woocommerce/<shopId>)
   ledger-service      $LEDGER_URL
   propagator-service  $PROPAGATOR_URL
   Kafka               $KAFKA_BOOTSTRAP
   PostgreSQL          $DB_URL (user $DB_USER)
   fake shops          shop1 http://127.0.0.1:${SHOP_PORTS[0]}  shop2 http://127.0.0.1:${SHOP_PORTS[1]}  shop3 http://127.0.0.1:${SHOP_PORTS[2]}
   sites file          ${SITES_FILE#"$ROOT"/}
$( ((SHOPIFY)) && echo "   fake Shopify store  shopify1 http://127.0.0.1:$SHOPIFY_PORT (checkout: curl -s -X POST 'http://127.0.0.1:$SHOPIFY_PORT/checkout?sku=$DEMO_SKU&qty=1'; stock: /stock)")
   admin token         $ADMIN_TOKEN

 Pool seeded from shop1: $DEMO_SKU available=$seeded.

 Demo: sell 2 mugs in shop1
   $DEMO_COMMAND

 Then watch it in the console ($CONSOLE_URL/stock/sku?sku=$DEMO_SKU), or look at the pool and at every shop:
   $LOOK_POOL
   $LOOK_SHOPS
================================================================================================

EOF

# Run until Ctrl-C, or until a component dies.
while :; do
	for ((i = 0; i < ${#PIDS[@]}; i++)); do
		if ! kill -0 "${PIDS[i]}" 2>/dev/null; then
			fail "${NAMES[i]} stopped unexpectedly. Last lines of ${LOG_DIR#"$ROOT"/}/${NAMES[i]}.log:
$(tail -n 30 "$LOG_DIR/${NAMES[i]}.log" 2>/dev/null | sed 's/^/    /')"
		fi
	done
	sleep 2 &
	wait $! || true
done
