#!/usr/bin/env bash
# kafka-broker-api-versions.sh of the Kafka distribution, for the feedback360/kafka image (same path as in apache/kafka).
set -euo pipefail
exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
