#!/usr/bin/env bash
# A Flink 1.19 session cluster of separate JVMs on this machine, started from the Flink classes of
# deploy/target/primer-bundled.jar (no Flink distribution needed): one JobManager
# (StandaloneSessionClusterEntrypoint) and N TaskManagers (TaskManagerRunner), configured like a
# real cluster by deploy/flink/conf/config.yaml, the way Flink's own bin/ scripts start them.
#
#   deploy/flink/cluster.sh start [N]     JobManager + N TaskManagers (default 2); waits until all
#                                          registered; the last line printed is the REST address
#                                          HOST:PORT (pass it as --flinkMaster)
#   deploy/flink/cluster.sh stop          stops every process this cluster started (TERM, then KILL)
#   deploy/flink/cluster.sh status        processes and the REST overview; exit 1 when not running
#   deploy/flink/cluster.sh start-tm ID   starts one more TaskManager (e.g. a replacement)
#   deploy/flink/cluster.sh kill-tm ID    SIGKILLs TaskManager ID (failure drills)
#   deploy/flink/cluster.sh address       prints HOST:PORT of the running cluster
#
# Environment: FLINK_STATE_DIR (config, logs, pids; default deploy/flink/state), FLINK_BIND
# (default 127.0.0.1), FLINK_REST_PORT (8081), FLINK_RPC_PORT (6123), FLINK_SLOTS (slots per
# TaskManager, 1), FLINK_TM_MEMORY (TaskManager process size, 3072m), FLINK_NETWORK_MEMORY
# (TaskManager network memory, 192m per slot), FLINK_LOG_LEVEL (Flink's
# log level in the processes' logs, info), PRIMER_JAR, JAVA_HOME.
# Submit with: deploy/flink/submit.sh, or ./primer STAGE --runner=FlinkRunner
#   --flinkMaster=HOST:PORT --filesToStage=deploy/target/primer-bundled.jar (paths the TaskManagers
# read must be absolute, or on an object store on a real cluster).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${PRIMER_JAR:-$here/deploy/target/primer-bundled.jar}"
state="${FLINK_STATE_DIR:-$here/deploy/flink/state}"
bind="${FLINK_BIND:-127.0.0.1}"
rest_port="${FLINK_REST_PORT:-8081}"
rpc_port="${FLINK_RPC_PORT:-6123}"
slots="${FLINK_SLOTS:-1}"
tm_memory="${FLINK_TM_MEMORY:-3072m}"
# Network memory per TaskManager: 192 MB per slot (a stage job on 2 slots of one TaskManager failed
# with 192 MB: "Insufficient number of network buffers").
network="${FLINK_NETWORK_MEMORY:-$((192 * slots))m}"
# The bundled jar logs through slf4j-simple with Flink at WARN (the launcher's console); a cluster
# process logs Flink's job and task transitions (RUNNING, RESTARTING, FINISHED) to its log file.
logging=(-Dorg.slf4j.simpleLogger.log.org.apache.flink="${FLINK_LOG_LEVEL:-info}")
java_bin="java"
[ -n "${JAVA_HOME:-}" ] && java_bin="$JAVA_HOME/bin/java"
# Flink (Kryo) and Beam need these opens on Java 17 (as ./primer sets them); the Flink worker
# image's entrypoint reads the same argument file.
opens=("@$here/deploy/flink/java17-opens.args")

die() { echo "cluster.sh: $*" >&2; exit 2; }

port_free() { ! (exec 3<>"/dev/tcp/$bind/$1") 2>/dev/null; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# The REST address of the cluster started from $state (start writes it), else the configured one.
rest() { if [ -f "$state/address" ]; then cat "$state/address"; else echo "$bind:$rest_port"; fi; }

overview() { curl -fsS --max-time 3 "http://$(rest)/overview" 2>/dev/null; }

registered() { overview | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p'; }

write_config() {
  mkdir -p "$state/conf" "$state/log"
  sed -e "s/^jobmanager.rpc.address: .*/jobmanager.rpc.address: $bind/" \
      -e "s/^jobmanager.bind-host: .*/jobmanager.bind-host: $bind/" \
      -e "s/^jobmanager.rpc.port: .*/jobmanager.rpc.port: $rpc_port/" \
      -e "s/^rest.address: .*/rest.address: $bind/" \
      -e "s/^rest.bind-address: .*/rest.bind-address: $bind/" \
      -e "s/^rest.port: .*/rest.port: $rest_port/" \
      -e "s/^taskmanager.host: .*/taskmanager.host: $bind/" \
      -e "s/^taskmanager.bind-host: .*/taskmanager.bind-host: $bind/" \
      -e "s/^taskmanager.numberOfTaskSlots: .*/taskmanager.numberOfTaskSlots: $slots/" \
      -e "s/^taskmanager.memory.process.size: .*/taskmanager.memory.process.size: $tm_memory/" \
      -e "s/^taskmanager.memory.network.min: .*/taskmanager.memory.network.min: $network/" \
      -e "s/^taskmanager.memory.network.max: .*/taskmanager.memory.network.max: $network/" \
      "$here/deploy/flink/conf/config.yaml" > "$state/conf/config.yaml"
  echo "$bind:$rest_port" > "$state/address"
}

# Working directories (blob caches, local state) go under the state directory: Flink's default,
# /tmp/tm_<resource id>, would be shared by the TaskManagers of every cluster on the machine.
start_tm() {
  local id="$1" pidfile="$state/tm-$1.pid"
  alive "$pidfile" && die "TaskManager $id is already running (pid $(cat "$pidfile"))"
  # The JVM flags and -D dynamic properties Flink's taskmanager.sh derives from the config.
  local params jvm dynamic
  params="$("$java_bin" -cp "$jar" org.apache.flink.runtime.util.bash.BashJavaUtils \
    GET_TM_RESOURCE_PARAMS --configDir "$state/conf" 2>"$state/log/tm-$id-params.log" \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p')" || die "cannot compute TaskManager memory (see $state/log/tm-$id-params.log)"
  jvm="$(sed -n 1p <<<"$params")"
  dynamic="$(sed -n 2p <<<"$params")"
  [ -n "$jvm" ] || die "BashJavaUtils printed no JVM parameters (see $state/log/tm-$id-params.log)"
  # shellcheck disable=SC2086
  nohup "$java_bin" $jvm "${opens[@]}" "${logging[@]}" -Dai.djl.offline=true ${PRIMER_JAVA_OPTS:-} -cp "$jar" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$state/conf" \
    $dynamic -D "taskmanager.resource-id=tm-$id" -D "process.taskmanager.working-dir=$state/work" \
    >"$state/log/tm-$id.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds="$1" what="$2"; shift 2
  for _ in $(seq 1 "$seconds"); do "$@" && return 0; sleep 1; done
  die "timed out after ${seconds}s waiting for $what (logs in $state/log)"
}

tms_at_least() { local n; n="$(registered)"; [ -n "$n" ] && [ "$n" -ge "$1" ]; }

# Whether TaskManager ID has registered (its resource id is tm-ID). Counting does not work after
# a kill: the JobManager lists the dead one until its heartbeat times out.
tm_registered() { curl -fsS --max-time 3 "http://$(rest)/taskmanagers" 2>/dev/null | grep -q "\"id\":\"tm-$1\""; }

stop_all() {
  local pids=() f
  for f in "$state"/tm-*.pid "$state"/jm.pid; do
    [ -f "$f" ] || continue
    alive "$f" && pids+=("$(cat "$f")")
  done
  if [ "${#pids[@]}" -gt 0 ]; then
    kill "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 20); do
      local left=0 p
      for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && left=1; done
      [ "$left" = 0 ] && break
      sleep 0.5
    done
    kill -9 "${pids[@]}" 2>/dev/null || true
  fi
  rm -f "$state"/tm-*.pid "$state"/jm.pid
  echo "stopped ${#pids[@]} process(es)"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  start)
    n="${1:-2}"
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "start needs a TaskManager count >= 1, got '$n'"
    [ -f "$jar" ] || die "$jar is missing: build it with 'mvn -B -DskipTests package' (or run ./primer once)"
    alive "$state/jm.pid" && die "a cluster is already running from $state (pid $(cat "$state/jm.pid")); stop it first"
    port_free "$rest_port" || die "port $rest_port (REST) on $bind is in use: set FLINK_REST_PORT"
    port_free "$rpc_port" || die "port $rpc_port (RPC) on $bind is in use: set FLINK_RPC_PORT"
    rm -f "$state/address"
    write_config
    nohup "$java_bin" -Xmx768m "${opens[@]}" "${logging[@]}" ${PRIMER_JAVA_OPTS:-} -cp "$jar" \
      org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
      --configDir "$state/conf" -D "process.jobmanager.working-dir=$state/work" \
      >"$state/log/jobmanager.log" 2>&1 </dev/null &
    echo $! >"$state/jm.pid"
    trap 'stop_all >/dev/null' ERR
    wait_for 90 "the JobManager's REST endpoint on $bind:$rest_port" overview >/dev/null
    for i in $(seq 1 "$n"); do start_tm "$i"; done
    wait_for 120 "$n TaskManager(s) to register" tms_at_least "$n"
    trap - ERR
    echo "Flink session cluster: JobManager pid $(cat "$state/jm.pid"), $n TaskManager(s) x $slots slot(s); logs in $state/log"
    echo "$bind:$rest_port"
    ;;
  start-tm)
    [ -n "${1:-}" ] || die "start-tm needs an id"
    alive "$state/jm.pid" || die "no cluster is running from $state"
    start_tm "$1"
    wait_for 120 "TaskManager $1 to register" tm_registered "$1"
    echo "TaskManager $1 started (pid $(cat "$state/tm-$1.pid"))"
    ;;
  kill-tm)
    [ -n "${1:-}" ] || die "kill-tm needs an id"
    alive "$state/tm-$1.pid" || die "TaskManager $1 is not running"
    kill -9 "$(cat "$state/tm-$1.pid")"
    rm -f "$state/tm-$1.pid"
    echo "TaskManager $1 killed (SIGKILL)"
    ;;
  stop)
    stop_all
    ;;
  status)
    running=0
    for f in "$state"/jm.pid "$state"/tm-*.pid; do
      [ -f "$f" ] || continue
      if alive "$f"; then echo "$(basename "$f" .pid): pid $(cat "$f") running"; running=1
      else echo "$(basename "$f" .pid): pid $(cat "$f") dead"; fi
    done
    if [ "$running" = 1 ] && overview; then echo; exit 0; fi
    echo "no cluster is running from $state"; exit 1
    ;;
  address)
    [ -f "$state/address" ] && alive "$state/jm.pid" || die "no cluster is running from $state"
    cat "$state/address"
    ;;
  *)
    sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    [ -z "$cmd" ] || [ "$cmd" = help ] || exit 2
    ;;
esac
