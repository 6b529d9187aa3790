#!/usr/bin/env bash
# /opt/decom.sh: Spark on Kubernetes runs it as the executor container's preStop hook when
# spark.decommission.enabled is set (spark.kubernetes.decommission.script), i.e. when the pod is deleted,
# evicted, or its node drained or pre-empted. It sends the executor JVM SIGPWR (spark.executor.decommission.signal):
# the executor takes no new task, finishes the ones it runs, hands its blocks to other executors and exits.
# The hook returns when the JVM has gone, so Kubernetes does not SIGTERM it earlier; it still kills the
# pod at terminationGracePeriodSeconds. Plain bash and /proc (the Debian image has no ps).
set -u
pid=""
for d in /proc/[0-9]*; do
  argv0="$(head -z -n 1 "$d/cmdline" 2>/dev/null | tr -d '\0')" || continue
  # the JVM itself, not tini (whose command line names the same class)
  if [[ "$argv0" == */java || "$argv0" == java ]] && tr '\0' ' ' < "$d/cmdline" 2>/dev/null | grep -q 'ExecutorBackend'; then
    pid="${d#/proc/}"
  fi
done
if [ -z "$pid" ]; then
  echo "decom.sh: no executor JVM in this container" >&2
  exit 0
fi
echo "decom.sh: decommissioning executor JVM $pid (SIGPWR)" >&2
kill -PWR "$pid" || exit 0
while [ -d "/proc/$pid" ]; do sleep 1; done
echo "decom.sh: executor JVM $pid has exited" >&2
