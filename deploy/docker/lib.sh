# Shared by deploy/docker/build and deploy/docker/smoke (sourced, not run).
# podman on these machines: the default OCI runtime crun fails ("cgroups in hybrid mode not supported") and
# RUN steps and containers need explicit ulimits ("setrlimit RLIMIT_NOFILE: Operation not permitted"), so
# every podman call goes through runc with the limits of the calling shell (which it may always grant).

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
VERSION="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$ROOT/pom.xml" | head -n 1)"
# the name the manifests and conf/profiles/k8s.conf use (deepdual:VERSION; podman stores it under localhost/)
IMAGE="${DEEPDUAL_IMAGE:-localhost/deepdual:$VERSION}"

say() { echo "$ME: $*" >&2; }
die() { echo "$ME: error: $*" >&2; exit 1; }

limit() {   # limit HARD-LIMIT CAP: the hard limit, capped (unlimited becomes CAP)
  local v="$1"
  if [ "$v" = unlimited ] || [ "$v" -gt "$2" ]; then v="$2"; fi
  echo "$v"
}
NOFILE="$(limit "$(ulimit -Hn)" 65536)"
NPROC="$(limit "$(ulimit -Hu)" 32768)"
PODMAN=(podman --runtime "${DEEPDUAL_PODMAN_RUNTIME:-runc}")
ULIMITS=(--ulimit "nofile=$NOFILE:$NOFILE" --ulimit "nproc=$NPROC:$NPROC")

# elapsed seconds since the step's start as "M min S s"
took() { local s=$((SECONDS - $1)); echo "$((s / 60)) min $((s % 60)) s"; }

command -v podman >/dev/null 2>&1 || die "podman is not installed (apt-get install podman buildah runc debootstrap)"
