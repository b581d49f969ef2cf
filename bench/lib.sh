# Shared by bench/*.sh (sourced, not run): where the jars are, rebuilding them when stale, and the
# PyTorch peer. Expects $root (the repository root) to be set by the caller.
# The benchmark mains live in the bench module (bench/target/primer-bench.jar, not in the bundled
# jar); they run with the bundled jar (deploy/target/primer-bundled.jar) beside them on the
# classpath, which holds primer's own modules and every dependency.

jar="$root/deploy/target/primer-bundled.jar"
bench_jar="$root/bench/target/primer-bench.jar"
bench_cp="$bench_jar:$jar"
python=/usr/bin/python3

# True when either jar is missing or older than a pom or source file of the modules.
bench_stale() {
  if [ ! -f "$jar" ] || [ ! -f "$bench_jar" ]; then
    return 0
  fi
  local oldest="$jar"
  if [ "$bench_jar" -ot "$jar" ]; then
    oldest="$bench_jar"
  fi
  [ -n "$(find "$root/pom.xml" "$root"/{schemas,transforms,pipelines,bench,deploy}/pom.xml \
            "$root"/{schemas,transforms,pipelines,bench,deploy}/src -newer "$oldest" -type f -print -quit 2>/dev/null)" ]
}

# Rebuilds both jars (offline, tests skipped) when stale, unless PRIMER_NO_BUILD is set.
# $1: the calling script's name, for messages.
bench_build() {
  if [ -z "${PRIMER_NO_BUILD:-}" ] && bench_stale; then
    echo "$1: building $jar and $bench_jar ..." >&2
    (cd "$root" && mvn -B -o -q -DskipTests package) >&2 || { echo "$1: build failed" >&2; exit 1; }
  fi
}

# The peer: Debian's python3-torch with the OpenMP OpenBLAS (without it torch falls back to the
# reference BLAS, about 12x slower: no fair peer). Installs both when missing. $1: script name.
bench_peer() {
  if "$python" -c 'import torch' 2>/dev/null && dpkg -s libopenblas0-openmp >/dev/null 2>&1; then
    return 0
  fi
  echo "$1: installing the peer (apt-get install python3-torch libopenblas0-openmp) ..." >&2
  local sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo -n"
  if ! { $sudo_cmd apt-get install -y python3-torch libopenblas0-openmp >&2 \
         || { $sudo_cmd apt-get update >&2 && $sudo_cmd apt-get install -y python3-torch libopenblas0-openmp >&2; }; }; then
    echo "$1: cannot install python3-torch and libopenblas0-openmp; install them and rerun" >&2
    exit 1
  fi
}

java_bin="java"
if [ -n "${JAVA_HOME:-}" ]; then
  java_bin="$JAVA_HOME/bin/java"
fi

# Parses the calling script's options: each --NAME=VALUE, NAME one of the allowed names, sets the
# shell variable NAME to VALUE; -h/--help prints the script's header lines; anything else is an
# error (exit 2). $1: the script's name; $2: its header's line range (sed, e.g. 2,20); $3: the
# allowed names, space-separated; then the arguments.
bench_options() {
  local script="$1" help_lines="$2" names=" $3 " arg name
  shift 3
  for arg in "$@"; do
    case "$arg" in
      -h | --help)
        sed -n "${help_lines}p" "$0"
        exit 0
        ;;
      --*=*)
        name="${arg%%=*}"
        name="${name#--}"
        if [[ "$names" == *" $name "* ]]; then
          printf -v "$name" '%s' "${arg#*=}"
          continue
        fi
        ;;
    esac
    echo "$script: unknown option $arg (see --help)" >&2
    exit 2
  done
}
