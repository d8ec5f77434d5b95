#!/usr/bin/env bash
# Runs a class from the Kafka jars with the tools' logging (warnings to stderr): kafka-run-class.sh CLASS [ARGS...]
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "usage: kafka-run-class.sh CLASS [ARGS...]" >&2
  exit 2
fi
# shellcheck disable=SC2086 # option lists are meant to split
exec java ${KAFKA_TOOLS_HEAP_OPTS:--Xmx256M} -XX:TieredStopAtLevel=1 \
  -Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.yaml -cp '/opt/kafka/libs/*' "$@"
