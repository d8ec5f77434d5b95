"""PythonClientIT: sends responses like examples/python does, but with librdkafka's default partitioner.

The producer configuration names no partitioner, so librdkafka uses consistent_random (CRC32 of the key bytes):
the mistake docs/wire-format.md warns about. Prints the partitions written, as JSON.

Usage: send_with_librdkafka_default_partitioner.py BOOTSTRAP KEY_FILE INSTRUMENT INPUT_JSONL
"""

import json
import sys

from confluent_kafka import Producer

import feedback360_client as client
import feedback360_wire as wire


def main(bootstrap, key_file, instrument_file, input_file):
    with open(instrument_file, encoding="utf-8") as f:
        instrument = json.load(f)
    sender = client.Sender(Producer({"bootstrap.servers": bootstrap, "acks": "all"}), client.RESPONSES_TOPIC)
    client.send_file(sender, wire.Schemas(), wire.read_rater_key(key_file), instrument, input_file)
    if not sender.finish():
        print("; ".join(sender.failures), file=sys.stderr)
        return 1
    print(json.dumps({"partitions": sender.partitions}))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
