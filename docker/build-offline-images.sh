#!/usr/bin/env bash
# Builds every image the container tests and docker-compose.yml need, from what an offline machine reaches (Debian
# packages, Maven Central), with no container registry:
#
#   jre    feedback360/jre:17            Debian bookworm + openjdk-17-jre-headless (debootstrap, then docker import)
#   kafka  feedback360/kafka:<kafka>     Apache Kafka from the Maven Central jars, configured like apache/kafka
#   apps   feedback360/streams:<ver>     the streams app (docker/app/Dockerfile, target streams)
#          feedback360/producer:<ver>    the command-line tool: produce, generate, topics, scores...
#
# Usage: docker/build-offline-images.sh [--rebuild] [jre|kafka|apps]...   (default: all three)
#
# jre and kafka are built only when missing (or with --rebuild; kafka also when a file under docker/kafka changed);
# the Debian root filesystem is cached in
# $FEEDBACK360_CACHE_DIR (default ~/.cache/feedback360) so a rebuild does not download it again. The app images are
# rebuilt every time from cli/target (Docker's layer cache makes that quick), so they never run stale code; the
# jar is built first if missing. Tags come from docker/offline.env; environment variables of the same names win.
# Needs root (debootstrap) and a running Docker engine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

die() {
  echo "build-offline-images: $*" >&2
  exit 1
}
say() {
  echo "build-offline-images: $*" >&2
}

rebuild=false
kinds=()
for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=true ;;
    jre | kafka | apps) kinds+=("$arg") ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument '$arg'; usage: $0 [--rebuild] [jre|kafka|apps]..." ;;
  esac
done
if [[ ${#kinds[@]} -eq 0 ]]; then
  kinds=(jre kafka apps)
fi

# Tags: the environment first, then docker/offline.env.
env_file="$root/docker/offline.env"
[[ -f "$env_file" ]] || die "$env_file is missing"
from_env_file() {
  local name="$1" value
  value="${!name:-}"
  if [[ -z "$value" ]]; then
    value="$(sed -n "s/^${name}=//p" "$env_file")"
  fi
  [[ -n "$value" ]] || die "$name is set neither in the environment nor in $env_file"
  printf '%s' "$value"
}
jre_image="$(from_env_file FEEDBACK360_JRE_IMAGE)"
kafka_image="$(from_env_file KAFKA_IMAGE)"
streams_image="$(from_env_file FEEDBACK360_STREAMS_IMAGE)"
producer_image="$(from_env_file FEEDBACK360_PRODUCER_IMAGE)"

# Versions from the root pom: the tags must carry them, or tests and compose would run other versions.
kafka_version="$(sed -n 's|.*<kafka.version>\(.*\)</kafka.version>.*|\1|p' pom.xml | head -1)"
project_version="$(sed -n '/<artifactId>feedback360-parent<\/artifactId>/{n;s|.*<version>\(.*\)</version>.*|\1|p;q}' pom.xml)"
[[ -n "$kafka_version" && -n "$project_version" ]] || die "cannot read kafka.version and the project version from pom.xml"
[[ "$kafka_image" == *":$kafka_version" ]] \
  || die "KAFKA_IMAGE '$kafka_image' does not end in ':$kafka_version' (kafka.version in pom.xml); update $env_file"
for image in "$streams_image" "$producer_image"; do
  [[ "$image" == *":$project_version" ]] \
    || die "'$image' does not end in ':$project_version' (the project version in pom.xml); update $env_file"
done

docker info >/dev/null 2>&1 \
  || die "no Docker engine answers; install it (apt-get install -y docker.io) and start dockerd as root"

# docker build, quiet when it works, its whole output when it does not.
docker_build() {
  local log
  log="$(mktemp "${TMPDIR:-/tmp}/feedback360-docker-build.XXXXXX")"
  if ! docker build "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    die "docker build $* failed (output above)"
  fi
  rm -f "$log"
}

present() {
  docker image inspect "$1" >/dev/null 2>&1
}
wanted() {
  local kind="$1" k
  for k in "${kinds[@]}"; do
    [[ "$k" == "$kind" ]] && return 0
  done
  return 1
}

cache_dir="${FEEDBACK360_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/feedback360}"
debian_suite=bookworm
debian_mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

build_jre() {
  if present "$jre_image" && [[ "$rebuild" == false ]]; then
    say "$jre_image is present"
    return
  fi
  local rootfs_tar="$cache_dir/jre17-$debian_suite-rootfs.tar"
  if [[ ! -f "$rootfs_tar" || "$rebuild" == true ]]; then
    [[ "$(id -u)" -eq 0 ]] || die "debootstrap needs root to make the Debian root filesystem; run as root"
    command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install -y debootstrap"
    mkdir -p "$cache_dir"
    local work
    work="$(mktemp -d "${TMPDIR:-/tmp}/feedback360-rootfs.XXXXXX")"
    # shellcheck disable=SC2064 # expand now: the trap must remove this very directory
    trap "rm -rf '$work'" EXIT
    say "making a Debian $debian_suite root filesystem with openjdk-17-jre-headless (a few minutes, cached in $cache_dir)..."
    if ! debootstrap --variant=minbase --include=openjdk-17-jre-headless "$debian_suite" "$work/rootfs" \
        "$debian_mirror" >"$work/debootstrap.log" 2>&1; then
      tail -20 "$work/debootstrap.log" >&2
      die "debootstrap failed (log above); is $debian_mirror reachable?"
    fi
    # Nothing an image needs: package lists, caches, documentation.
    rm -rf "$work/rootfs"/var/lib/apt/lists/* "$work/rootfs"/var/cache/apt/*.bin \
      "$work/rootfs"/var/cache/apt/archives/*.deb "$work/rootfs"/usr/share/doc/* "$work/rootfs"/usr/share/man/* \
      "$work/rootfs"/usr/share/info/* "$work/rootfs"/var/log/*.log "$work/rootfs"/var/log/apt/*
    tar -C "$work/rootfs" --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
      -cf "$rootfs_tar.partial" .
    mv "$rootfs_tar.partial" "$rootfs_tar"
    rm -rf "$work"
    trap - EXIT
  else
    say "using the cached root filesystem $rootfs_tar"
  fi
  say "importing $jre_image..."
  docker import \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' \
    --message "Debian $debian_suite minbase + openjdk-17-jre-headless, by feedback360's build-offline-images.sh" \
    "$rootfs_tar" "$jre_image" >/dev/null
  # sed reads to the end (head would close the pipe early and fail the pipeline with SIGPIPE under pipefail).
  docker run --rm "$jre_image" java -version 2>&1 | sed -n '1s/^/build-offline-images:   /p' >&2
}

build_kafka() {
  # The image is labelled with a digest of its build inputs, so an edit under docker/kafka rebuilds it.
  local inputs built
  inputs="$(cd docker/kafka && find Dockerfile .dockerignore pom.xml bin docker ./*.yaml -type f -print0 | sort -z \
    | xargs -0 sha256sum | sha256sum | cut -c1-16)"
  built="$(docker image inspect -f '{{index .Config.Labels "dev.feedback360.inputs"}}' "$kafka_image" 2>/dev/null || true)"
  if [[ "$built" == "$inputs" && "$rebuild" == false ]]; then
    say "$kafka_image is present and up to date"
    return
  fi
  present "$jre_image" || die "$kafka_image is built on $jre_image, which is missing: build it first ($0 jre)"
  say "collecting the Kafka $kafka_version jars from Maven Central..."
  rm -rf docker/kafka/target/libs
  ./mvnw -B -q -f docker/kafka/pom.xml dependency:copy-dependencies \
    || die "could not collect the Kafka jars (./mvnw -f docker/kafka/pom.xml dependency:copy-dependencies)"
  say "building $kafka_image..."
  docker_build --build-arg "BASE_IMAGE=$jre_image" --build-arg "KAFKA_VERSION=$kafka_version" \
    --label "dev.feedback360.inputs=$inputs" -t "$kafka_image" docker/kafka
}

build_apps() {
  present "$jre_image" || die "the app images are built on $jre_image, which is missing: build it first ($0 jre)"
  if [[ ! -f cli/target/feedback360.jar ]]; then
    say "cli/target/feedback360.jar is missing; building it (tests skipped)..."
    ./mvnw -B -q -DskipTests package || die "the build failed; run ./mvnw -DskipTests package to see why"
  fi
  local target image
  for target in streams producer; do
    image="$streams_image"
    [[ "$target" == producer ]] && image="$producer_image"
    say "building $image from cli/target..."
    docker_build --build-arg "BASE_IMAGE=$jre_image" --target "$target" -f docker/app/Dockerfile \
      -t "$image" .
  done
}

wanted jre && build_jre
wanted kafka && build_kafka
wanted apps && build_apps

for image in "$jre_image" "$kafka_image" "$streams_image" "$producer_image"; do
  if present "$image"; then
    say "  $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%5.0f MB", $1 / 1000000}')  $image"
  fi
done
