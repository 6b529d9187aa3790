# Shared by deploy/standalone/{spark-home,start,stop,status}: paths and helpers of a loopback standalone cluster.
# Everything a cluster owns lives under one state directory (default target/standalone):
#   spark-home/jars/   links to the Maven-resolved jars (Spark included), spark-home/conf/log4j2.properties
#   pids/              master.pid, worker1.pid, ...   (the only processes stop ever signals)
#   logs/              master.log, worker1.log, ...
#   work/workerN/      each worker's work directory (executor and cluster-mode driver logs)
#   cluster.env        MASTER_URL, REST_URL, WEBUI_URL, SPARK_HOME of the running cluster

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
STATE_DIR_DEFAULT="$ROOT/target/standalone"

die() { echo "$(basename "$0"): error: $*" >&2; exit 2; }
say() { echo "$(basename "$0"): $*" >&2; }

# pid_alive PIDFILE -> prints the PID and succeeds when the recorded process still runs and is ours:
# its command line must mention the state directory, so a recycled PID is never signalled.
pid_alive() {
  local file="$1" pid
  [ -f "$file" ] || return 1
  pid="$(cat "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$STATE_DIR" || return 1
  echo "$pid"
}

# children PID -> direct children (executors and drivers a worker launched)
children() {
  local parent="$1" stat
  for stat in /proc/[0-9]*/stat; do
    # field 4 of /proc/PID/stat is the parent PID (the command name in field 2 has no spaces for java); a process
    # that ends while this runs makes awk fail, which under `set -e -o pipefail` would end stop silently (exit 2)
    awk -v p="$parent" '$4 == p { print $1 }' "$stat" 2>/dev/null || true
  done
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

http_get() {  # http_get URL -> body on stdout (curl when installed, bash /dev/tcp otherwise)
  local url="$1"
  if command -v curl >/dev/null 2>&1; then
    curl -fsS --max-time 10 "$url"
  else
    local rest="${url#http://}" hostport path host port
    hostport="${rest%%/*}"; path="/${rest#*/}"; host="${hostport%:*}"; port="${hostport##*:}"
    exec 3<>"/dev/tcp/$host/$port" || return 1
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
    sed '1,/^\r$/d' <&3
    exec 3<&-
  fi
}
