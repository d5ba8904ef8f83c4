#!/usr/bin/env bash
# A real standalone Flink session cluster on this machine, from the jars the build resolves from
# Maven Central (flink-dist is not published there): one JobManager JVM
# (StandaloneSessionClusterEntrypoint) and N TaskManager JVMs (TaskManagerRunner), with a
# generated config.yaml, memory flags computed by Flink's own BashJavaUtils, and the streamssl
# job submitted over the REST API. See "Deploy on a Flink cluster" in the README.
#
#   standalone.sh start [-D key=value ...]     JobManager + $STREAMSSL_TASKMANAGERS TaskManagers
#   standalone.sh add-taskmanager              one more TaskManager (e.g. after one died)
#   standalone.sh submit CONFIG [key=value ...] [--parallelism N] [--from-savepoint PATH]
#   standalone.sh status                       processes, TaskManagers, slots, jobs
#   standalone.sh stop-job JOB_ID [--savepoint DIR]   stop a job (with a savepoint: for upgrades)
#   standalone.sh stop                         stop every process this launcher started
#   standalone.sh print-config [-D key=value ...]  the config.yaml 'start' would write
#   standalone.sh flink ARGS...                Flink's CLI against this cluster (flink run|stop|list ...)
#
# Environment (defaults in brackets):
#   STREAMSSL_CLUSTER_HOME   conf/, log/, pids/ and checkpoint scratch [<repo>/.standalone-cluster]
#   STREAMSSL_REST_PORT      REST API and web UI [8081]; STREAMSSL_RPC_PORT JobManager RPC [6123]
#   STREAMSSL_TASKMANAGERS   TaskManagers started by 'start' [1]
#   STREAMSSL_SLOTS          slots per TaskManager [2]
#   STREAMSSL_TM_MEMORY      taskmanager.memory.process.size [4g]; STREAMSSL_JM_MEMORY [1g]
#   STREAMSSL_PROMETHEUS_PORTS  Prometheus reporter port range, one port per JVM [9249-9259]
#   JAVA_HOME                Java 17
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HOME_DIR=${STREAMSSL_CLUSTER_HOME:-$REPO/.standalone-cluster}
CONF=$HOME_DIR/conf
LOGS=$HOME_DIR/log
PIDS=$HOME_DIR/pids
REST_PORT=${STREAMSSL_REST_PORT:-8081}
RPC_PORT=${STREAMSSL_RPC_PORT:-6123}
REST=http://localhost:$REST_PORT
FLINK_LIB=${STREAMSSL_FLINK_LIB:-$REPO/deploy/target/flink-dist/lib}
DJL_LIB=${STREAMSSL_DJL_LIB:-$REPO/flink-job/target/flink-lib}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

# Java 17 needs these for Flink's reflection and Kryo (flink-dist's env.java.opts.all).
JAVA17_OPTS="--add-exports=java.base/sun.net.util=ALL-UNNAMED \
--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED \
--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED \
--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED \
--add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

die() { echo "standalone.sh: $*" >&2; exit 2; }

require_tools() {
  command -v curl >/dev/null || die "curl is required to talk to the REST API"
  command -v jq >/dev/null || die "jq is required to read the REST API's answers (apt-get install jq)"
}

require_build() {
  [ -d "$FLINK_LIB" ] && ls "$FLINK_LIB"/flink-runtime-*.jar >/dev/null 2>&1 ||
    die "no Flink jars in $FLINK_LIB; build first: ./mvnw -B install -DskipTests"
  [ -d "$DJL_LIB" ] && ls "$DJL_LIB"/api-*.jar >/dev/null 2>&1 ||
    die "no DJL jars in $DJL_LIB; build first: ./mvnw -B install -DskipTests"
}

job_jar() {
  local jar
  jar=$(ls "$REPO"/flink-job/target/streamssl-flink-job-*-job.jar 2>/dev/null | head -n 1)
  [ -n "$jar" ] || die "no job jar in flink-job/target; build first: ./mvnw -B install -DskipTests"
  echo "$jar"
}

classpath() {
  local cp="" jar
  for jar in "$FLINK_LIB"/*.jar "$DJL_LIB"/*.jar; do cp=${cp:+$cp:}$jar; done
  echo "$cp"
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# --- configuration -------------------------------------------------------------------------

# Sets KEY to VALUE in config.yaml (flat keys, one per line; a later setting replaces).
set_conf() {
  local key=$1 value=$2 file=$CONF/config.yaml
  if [ -f "$file" ]; then
    awk -v prefix="$key: " 'index($0, prefix) != 1' "$file" >"$file.tmp"
    mv "$file.tmp" "$file"
  fi
  echo "$key: $value" >>"$file"
}

write_config() {
  mkdir -p "$CONF" "$LOGS" "$PIDS" "$HOME_DIR/tmp"
  rm -f "$CONF/config.yaml"
  set_conf jobmanager.rpc.address localhost
  set_conf jobmanager.rpc.port "$RPC_PORT"
  set_conf jobmanager.bind-host localhost
  set_conf taskmanager.host localhost
  set_conf taskmanager.bind-host localhost
  set_conf rest.address localhost
  set_conf rest.bind-address localhost
  set_conf rest.port "$REST_PORT"
  set_conf jobmanager.memory.process.size "${STREAMSSL_JM_MEMORY:-1g}"
  set_conf taskmanager.memory.process.size "${STREAMSSL_TM_MEMORY:-4g}"
  # libtorch allocates natively, outside Flink's accounting: keep managed memory (unused by the
  # hashmap state backend) small and leave the room to the process.
  set_conf taskmanager.memory.managed.fraction 0.05
  set_conf taskmanager.numberOfTaskSlots "${STREAMSSL_SLOTS:-2}"
  set_conf io.tmp.dirs "$HOME_DIR/tmp"
  set_conf web.upload.dir "$HOME_DIR/tmp"
  # DJL lives in lib/ (its native library loads once per JVM): never from a job jar.
  set_conf classloader.parent-first-patterns.additional "ai.djl.;com.sun.jna."
  # A lost TaskManager is noticed within seconds, and the job restarts from its checkpoint as
  # soon as a TaskManager offers slots again.
  set_conf heartbeat.interval 2000
  set_conf heartbeat.timeout 20000
  set_conf restart-strategy.type fixed-delay
  set_conf restart-strategy.fixed-delay.attempts 1000
  set_conf restart-strategy.fixed-delay.delay 2s
  set_conf metrics.reporter.prom.factory.class \
    org.apache.flink.metrics.prometheus.PrometheusReporterFactory
  set_conf metrics.reporter.prom.port "${STREAMSSL_PROMETHEUS_PORTS:-9249-9259}"
  local kv
  for kv in "$@"; do
    [[ $kv == *=* ]] || die "expected -D key=value, got '$kv'"
    set_conf "${kv%%=*}" "${kv#*=}"
  done
  cat >"$CONF/log4j.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
EOF
}

# Flink's BashJavaUtils prints the JVM memory flags and the derived dynamic properties as two
# lines prefixed BASH_JAVA_UTILS_EXEC_RESULT: (what flink-dist's config.sh reads).
resource_params() {
  local out
  out=$("$JAVA" -cp "$(classpath)" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" \
    --configDir "$CONF" 2>&1) || die "BashJavaUtils $1 failed: $out"
  echo "$out" | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

# --- processes -----------------------------------------------------------------------------

launch() { # name main-class jvm-flags dynamic-properties
  local name=$1 main=$2 jvm=$3 dynamic=$4
  # shellcheck disable=SC2086 # word splitting of the flag lists is intended
  # libtorch's tensors stay in malloc's arena between steps (see the launcher, ./streamssl)
  GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=2147483648:glibc.malloc.trim_threshold=2147483648}" \
    MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" \
    OPT_OUT_TRACKING=true setsid "$JAVA" $jvm $JAVA17_OPTS \
    -Dlog.file="$LOGS/$name.log" -Dlog4j.configurationFile="file:$CONF/log4j.properties" \
    -Dai.djl.offline=true -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-$REPO/.djl-cache}" \
    -Dai.djl.pytorch.num_threads="${STREAMSSL_TORCH_THREADS:-1}" \
    -cp "$(classpath)" "$main" --configDir "$CONF" $dynamic \
    >"$LOGS/$name.out" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
}

# Waits until a command succeeds; stops early, with the end of its log, if PROCESS died.
wait_for() { # description seconds process command...
  local what=$1 seconds=$2 process=$3
  shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! alive "$PIDS/$process.pid"; then
      echo "--- last lines of $LOGS/$process.log:" >&2
      tail -n 15 "$LOGS/$process.log" "$LOGS/$process.out" >&2 2>/dev/null || true
      die "$process exited before $what"
    fi
    if [ $SECONDS -ge $deadline ]; then
      die "$what did not happen within ${seconds}s; see $LOGS"
    fi
    sleep 0.5
  done
}

rest_up() { curl -sf "$REST/overview"; }

registered_taskmanagers() { curl -sf "$REST/overview" | jq -r '.taskmanagers'; }

taskmanagers_at_least() { [ "$(registered_taskmanagers)" -ge "$1" ]; }

start_taskmanager() {
  local n=1
  while alive "$PIDS/taskmanager-$n.pid"; do n=$((n + 1)); done
  local params
  params=$(resource_params GET_TM_RESOURCE_PARAMS)
  launch "taskmanager-$n" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    "$(echo "$params" | sed -n 1p)" "$(echo "$params" | sed -n 2p)"
  echo "taskmanager-$n started (pid $(cat "$PIDS/taskmanager-$n.pid"))"
}

# -D key=value arguments into the OVERRIDES array.
parse_overrides() {
  OVERRIDES=()
  while [ $# -gt 0 ]; do
    case $1 in
      -D) [ $# -ge 2 ] || die "-D needs key=value"; OVERRIDES+=("$2"); shift 2 ;;
      -D*) OVERRIDES+=("${1#-D}"); shift ;;
      *) die "unknown argument '$1' (expected -D key=value)" ;;
    esac
  done
}

cmd_start() {
  require_tools
  require_build
  parse_overrides "$@"
  alive "$PIDS/jobmanager.pid" && die "a JobManager is already running (pid $(cat "$PIDS/jobmanager.pid")); stop it first"
  rest_up >/dev/null 2>&1 &&
    die "a Flink cluster already answers on $REST (another STREAMSSL_CLUSTER_HOME?); stop it or set STREAMSSL_REST_PORT"
  write_config "${OVERRIDES[@]+"${OVERRIDES[@]}"}"
  local params
  params=$(resource_params GET_JM_RESOURCE_PARAMS)
  launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    "$(echo "$params" | sed -n 1p)" "$(echo "$params" | sed -n 2p)"
  echo "jobmanager started (pid $(cat "$PIDS/jobmanager.pid")), waiting for $REST"
  wait_for "the JobManager's REST API answered on $REST" 60 jobmanager rest_up
  local i count=${STREAMSSL_TASKMANAGERS:-1}
  for ((i = 0; i < count; i++)); do start_taskmanager; done
  wait_for "$count TaskManager(s) registered" 60 jobmanager taskmanagers_at_least "$count"
  echo "cluster up: web UI $REST, logs in $LOGS"
}

# Flink's own command-line client (flink run|stop|list|cancel|savepoint ...) against this cluster,
# from the same jars: what $FLINK_HOME/bin/flink is in a Flink distribution.
cmd_flink() {
  [ -f "$CONF/config.yaml" ] || die "no cluster configuration in $CONF; use 'start' first"
  # shellcheck disable=SC2086 # word splitting of the flag list is intended
  FLINK_CONF_DIR=$CONF OPT_OUT_TRACKING=true "$JAVA" $JAVA17_OPTS -Dai.djl.offline=true \
    -Dlog.file="$LOGS/client.log" -Dlog4j.configurationFile="file:$CONF/log4j.properties" \
    -cp "$(classpath)" org.apache.flink.client.cli.CliFrontend "$@"
}

# Prints the config.yaml 'start' would write, without starting or touching anything.
cmd_print_config() {
  parse_overrides "$@"
  HOME_DIR=$(mktemp -d)
  CONF=$HOME_DIR/conf LOGS=$HOME_DIR/log PIDS=$HOME_DIR/pids
  write_config "${OVERRIDES[@]+"${OVERRIDES[@]}"}"
  cat "$CONF/config.yaml"
  rm -rf "$HOME_DIR"
}

cmd_add_taskmanager() {
  require_tools
  alive "$PIDS/jobmanager.pid" || die "no JobManager running; use 'start' first"
  start_taskmanager
}

cmd_submit() {
  require_tools
  [ $# -ge 1 ] || die "usage: submit CONFIG [key=value ...] [--parallelism N] [--from-savepoint PATH]"
  local config=$1
  shift
  [ -f "$config" ] || die "configuration file '$config' not found"
  config=$(cd "$(dirname "$config")" && pwd)/$(basename "$config")
  local parallelism=${STREAMSSL_PARALLELISM:-1} savepoint="" args=("--config" "$config")
  while [ $# -gt 0 ]; do
    case $1 in
      --parallelism) parallelism=$2; shift 2 ;;
      --from-savepoint) savepoint=$2; shift 2 ;;
      *=*) args+=("$1"); shift ;;
      *) die "unknown argument to submit: '$1'" ;;
    esac
  done
  rest_up >/dev/null || die "no cluster answers on $REST; use 'start' first"
  local jar upload jar_id body answer
  jar=$(job_jar)
  upload=$(curl -sS -X POST -H "Expect:" -F "jarfile=@$jar" "$REST/jars/upload")
  [ "$(echo "$upload" | jq -r '.status')" = success ] || die "jar upload failed: $upload"
  jar_id=$(basename "$(echo "$upload" | jq -r '.filename')")
  local program_args
  program_args=$(printf '%s\n' "${args[@]}" | jq -R . | jq -s .)
  body=$(jq -n --argjson a "$program_args" --argjson p "$parallelism" --arg sp "$savepoint" \
    '{programArgsList: $a, parallelism: $p}
     + (if $sp == "" then {} else {savepointPath: $sp} end)')
  answer=$(curl -sS -X POST -H 'Content-Type: application/json' -d "$body" "$REST/jars/$jar_id/run")
  local job_id
  job_id=$(echo "$answer" | jq -r '.jobid // empty')
  if [ -z "$job_id" ]; then
    # The job's own message (a bad configuration option, say) is at the end of Flink's chain.
    local reason
    reason=$(echo "$answer" | jq -r '.errors[]?' | grep -o 'IllegalArgumentException: .*' |
      tail -n 1 | sed 's/^IllegalArgumentException: //')
    [ -z "$reason" ] || die "the job rejected its configuration: $reason"
    echo "$answer" | jq -r '.errors[]?' | grep 'Caused by' | tail -n 3 >&2 || true
    die "the job was not started; see $LOGS/jobmanager.log"
  fi
  echo "$job_id"
}

cmd_status() {
  require_tools
  local name
  for name in "$PIDS"/*.pid; do
    [ -e "$name" ] || { echo "no processes started from $HOME_DIR"; break; }
    local process
    process=$(basename "$name" .pid)
    if alive "$name"; then echo "$process running (pid $(cat "$name"))"; else echo "$process not running"; fi
  done
  if rest_up >/dev/null; then
    curl -sf "$REST/overview" |
      jq -r '"taskmanagers \(.taskmanagers), slots \(."slots-total") (\(."slots-available") free), web UI '"$REST"'"'
    curl -sf "$REST/jobs/overview" | jq -r '.jobs[] | "job \(.jid) \(.name) \(.state)"'
  else
    echo "REST API not answering on $REST"
  fi
}

cmd_stop_job() {
  require_tools
  [ $# -ge 1 ] || die "usage: stop-job JOB_ID [--savepoint DIR]"
  local job=$1 target=""
  shift
  while [ $# -gt 0 ]; do
    case $1 in
      --savepoint) target=$2; shift 2 ;;
      *) die "unknown argument to stop-job: '$1'" ;;
    esac
  done
  if [ -z "$target" ]; then
    curl -sf -X PATCH "$REST/jobs/$job?mode=cancel" >/dev/null || die "cancelling job $job failed"
    echo "job $job cancelled"
    return
  fi
  local trigger status location deadline=$((SECONDS + 300))
  trigger=$(curl -sS -X POST -H 'Content-Type: application/json' \
    -d "$(jq -n --arg d "$target" '{targetDirectory: $d, drain: false}')" \
    "$REST/jobs/$job/stop" | jq -r '."request-id" // empty')
  [ -n "$trigger" ] || die "the savepoint for job $job could not be triggered"
  while :; do
    status=$(curl -sf "$REST/jobs/$job/savepoints/$trigger")
    if [ "$(echo "$status" | jq -r '.status.id')" = COMPLETED ]; then
      location=$(echo "$status" | jq -r '.operation.location // empty')
      [ -n "$location" ] || die "savepoint failed: $(echo "$status" | jq -c '.operation')"
      echo "$location"
      return
    fi
    [ $SECONDS -lt $deadline ] || die "savepoint of job $job did not complete in 300s"
    sleep 1
  done
}

stop_process() {
  local file=$1 pid
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    local i
    for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "$(basename "$file" .pid) stopped"
  fi
  rm -f "$file"
}

cmd_stop() {
  local file
  for file in "$PIDS"/taskmanager-*.pid "$PIDS"/jobmanager.pid; do
    [ -e "$file" ] && stop_process "$file"
  done
  return 0
}

command=${1:-}
[ -n "$command" ] || die "usage: standalone.sh start|add-taskmanager|submit CONFIG|status|stop-job JOB_ID|stop"
shift
case $command in
  start) cmd_start "$@" ;;
  add-taskmanager) cmd_add_taskmanager ;;
  submit) cmd_submit "$@" ;;
  status) cmd_status ;;
  stop-job) cmd_stop_job "$@" ;;
  stop) cmd_stop ;;
  print-config) cmd_print_config "$@" ;;
  flink) cmd_flink "$@" ;;
  *) die "unknown command '$command'; use start|add-taskmanager|submit CONFIG|status|stop-job JOB_ID|stop" ;;
esac
