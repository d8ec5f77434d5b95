#!/usr/bin/env bash
# kafka-consumer-groups.sh of the Kafka distribution, for the feedback360/kafka image (same path as in apache/kafka).
set -euo pipefail
exec /opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.consumer.group.ConsumerGroupCommand "$@"
