#!/usr/bin/env bash
# The image's entrypoint (/opt/entrypoint.sh, as in the apache/spark image).
#   driver ARGS...     Spark on Kubernetes' driver pod: spark-submit --deploy-mode client ARGS (what the
#                      spark-submit of a cluster-mode application and both operators start)
#   executor           Spark on Kubernetes' executor pod: KubernetesExecutorBackend with the pod's SPARK_* env
#   bash|sh|java|spark-submit|/ABS/PATH ...   run that command as it is
#   anything else      the deepdual CLI: `podman run IMAGE sweep jobs/quickstart.yaml` runs
#                      `deepdual sweep /opt/deepdual/jobs/quickstart.yaml` from /opt/spark/work-dir
# The driver and executor roles follow apache/spark's entrypoint.sh (same environment variables, tini as
# PID 1), with Spark's jars in $SPARK_HOME/jars and spark-submit from deploy/docker/spark-submit.
set -eo pipefail

SPARK_HOME="${SPARK_HOME:-/opt/spark}"
DEEPDUAL_HOME="${DEEPDUAL_HOME:-/opt/deepdual}"

# a random UID (OpenShift) has no user name, which Hadoop's user lookup needs: fake one with nss_wrapper
attempt_setup_fake_user_entry() {
  local myuid; myuid="$(id -u)"
  if ! id -nu >/dev/null 2>&1; then
    local wrapper
    for wrapper in {/usr,}/lib{/*,}/libnss_wrapper.so; do
      if [ -s "$wrapper" ]; then
        NSS_WRAPPER_PASSWD="$(mktemp)"; NSS_WRAPPER_GROUP="$(mktemp)"
        export LD_PRELOAD="$wrapper" NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
        printf 'deepdual:x:%s:%s:anonymous uid:%s:/bin/false\n' "$myuid" "$(id -g)" "$DEEPDUAL_HOME" > "$NSS_WRAPPER_PASSWD"
        printf 'deepdual:x:%s:\n' "$(id -g)" > "$NSS_WRAPPER_GROUP"
        break
      fi
    done
  fi
}

spark_classpath() {
  local cp="${SPARK_CLASSPATH:+$SPARK_CLASSPATH:}$SPARK_HOME/jars/*"
  [ -z "${SPARK_EXTRA_CLASSPATH:-}" ] || cp="$cp:$SPARK_EXTRA_CLASSPATH"
  [ -z "${HADOOP_CONF_DIR:-}" ] || cp="$HADOOP_CONF_DIR:$cp"
  # Spark's pods set SPARK_CONF_DIR to the mounted spark.properties; otherwise the image's conf/
  cp="${SPARK_CONF_DIR:-$DEEPDUAL_HOME/conf}:$cp"
  echo "$cp:$PWD"   # SPARK-43540: the working directory, as apache/spark's image adds it
}

case "${1:-}" in
  driver)
    shift
    attempt_setup_fake_user_entry
    exec /usr/bin/tini -s -- "$SPARK_HOME/bin/spark-submit" \
      --conf "spark.driver.bindAddress=$SPARK_DRIVER_BIND_ADDRESS" \
      --conf "spark.executorEnv.SPARK_DRIVER_POD_IP=$SPARK_DRIVER_BIND_ADDRESS" \
      --deploy-mode client "$@"
    ;;
  executor)
    shift
    java_opts=()
    for v in "${!SPARK_JAVA_OPT_@}"; do java_opts+=("${!v}"); done
    attempt_setup_fake_user_entry
    exec /usr/bin/tini -s -- java "${java_opts[@]}" \
      -Xms"$SPARK_EXECUTOR_MEMORY" -Xmx"$SPARK_EXECUTOR_MEMORY" \
      -cp "$(spark_classpath)${SPARK_DIST_CLASSPATH:+:$SPARK_DIST_CLASSPATH}" \
      org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend \
      --driver-url "$SPARK_DRIVER_URL" \
      --executor-id "$SPARK_EXECUTOR_ID" \
      --cores "$SPARK_EXECUTOR_CORES" \
      --app-id "$SPARK_APPLICATION_ID" \
      --hostname "$SPARK_EXECUTOR_POD_IP" \
      --resourceProfileId "$SPARK_RESOURCE_PROFILE_ID" \
      --podName "$SPARK_EXECUTOR_POD_NAME"
    ;;
  bash|sh|java|spark-submit|/*)
    attempt_setup_fake_user_entry
    exec "$@"
    ;;
  *)
    attempt_setup_fake_user_entry
    # a spec given relative to the project (jobs/quickstart.yaml) is the image's copy of it
    args=()
    for a in "$@"; do
      if [[ "$a" != /* && ( "$a" == *.yaml || "$a" == *.yml ) && ! -e "$a" && -e "$DEEPDUAL_HOME/$a" ]]; then
        a="$DEEPDUAL_HOME/$a"
      fi
      args+=("$a")
    done
    # the launcher's JVM (deploy/bin/deepdual) on the image's jar and Spark's jars
    export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
    # shellcheck disable=SC2086  # DEEPDUAL_JAVA_OPTS is a list of JVM flags
    exec /usr/bin/tini -s -- java ${DEEPDUAL_JAVA_OPTS:--Xmx4g} @"$DEEPDUAL_HOME/conf/spark-jvm.args" \
      -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$DEEPDUAL_HOME/conf/log4j2.properties" \
      -Djava.util.logging.config.file="$DEEPDUAL_HOME/conf/logging.properties" \
      -Ddeepdual.home="$DEEPDUAL_HOME" \
      -cp "$DEEPDUAL_HOME/deepdual-all.jar:$SPARK_HOME/jars/*" org.deepdual.cli.Main "${args[@]}"
    ;;
esac
