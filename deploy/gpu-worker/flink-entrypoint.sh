#!/usr/bin/env bash
# Entrypoint of primer's Flink worker image (deploy/gpu-worker/flink.Dockerfile): runs a Flink 1.19
# JobManager or TaskManager from the bundled jar alone, the way deploy/flink/cluster.sh starts them,
# and takes the arguments the Flink Kubernetes Operator gives a standalone-mode container:
#
#   flink-entrypoint.sh jobmanager  [-Dkey=value ...]   StandaloneSessionClusterEntrypoint
#   flink-entrypoint.sh taskmanager [-Dkey=value ...]   TaskManagerRunner
#
# Both read the configuration in FLINK_CONF_DIR (default /opt/flink/conf, where the operator mounts
# it) and run with the JVM flags and -D memory properties that Flink's BashJavaUtils derives from it
# (GET_JM_RESOURCE_PARAMS / GET_TM_RESOURCE_PARAMS), as Flink's own jobmanager.sh and
# taskmanager.sh do. Environment: PRIMER_JAR (default /opt/primer/primer-bundled.jar),
# PRIMER_JAVA_ARGFILE (default /opt/primer/java17-opens.args), JAVA_HOME, PRIMER_JAVA_OPTS (extra
# JVM flags). The process logs to stdout/stderr (the container's log).
set -euo pipefail
conf="${FLINK_CONF_DIR:-/opt/flink/conf}"
jar="${PRIMER_JAR:-/opt/primer/primer-bundled.jar}"
java_bin="java"
[ -n "${JAVA_HOME:-}" ] && java_bin="$JAVA_HOME/bin/java"
# The --add-opens Flink (Kryo) and Beam need on Java 17: deploy/flink/java17-opens.args, as for
# cluster.sh.
opens="${PRIMER_JAVA_ARGFILE:-/opt/primer/java17-opens.args}"

die() { echo "flink-entrypoint.sh: $*" >&2; exit 2; }

# The two lines BashJavaUtils prints after BASH_JAVA_UTILS_EXEC_RESULT: JVM flags, -D properties.
resource_params() { # GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS
  "$java_bin" -cp "$jar" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$conf" \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

# The Kubernetes manifests point GOOGLE_APPLICATION_CREDENTIALS at an optional secret; when it is
# not mounted, Google's default credentials (Workload Identity, metadata server) apply instead.
if [ -n "${GOOGLE_APPLICATION_CREDENTIALS:-}" ] && [ ! -f "$GOOGLE_APPLICATION_CREDENTIALS" ]; then
  unset GOOGLE_APPLICATION_CREDENTIALS
fi

role="${1:-}"
shift || true
[ -f "$jar" ] || die "$jar is missing"
[ -f "$opens" ] || die "$opens is missing"
[ -d "$conf" ] || die "no Flink configuration directory $conf (set FLINK_CONF_DIR)"
case "$role" in
  jobmanager)
    main=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
    params="$(resource_params GET_JM_RESOURCE_PARAMS)" || die "cannot compute JobManager memory"
    ;;
  taskmanager)
    main=org.apache.flink.runtime.taskexecutor.TaskManagerRunner
    params="$(resource_params GET_TM_RESOURCE_PARAMS)" || die "cannot compute TaskManager memory"
    ;;
  *)
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
jvm="$(sed -n 1p <<<"$params")"
dynamic="$(sed -n 2p <<<"$params")"
[ -n "$jvm" ] || die "BashJavaUtils printed no JVM parameters for the $role"
# shellcheck disable=SC2086
exec "$java_bin" $jvm "@$opens" -Dai.djl.offline=true ${PRIMER_JAVA_OPTS:-} -cp "$jar" \
  "$main" --configDir "$conf" $dynamic "$@"
