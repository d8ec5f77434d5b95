#!/usr/bin/python3
"""A small feedback360 client in Python, written from docs/wire-format.md only.

  send      pseudonymise and send responses from a JSON Lines file to survey-responses
  withdraw  send a withdrawal (a tombstone) for one rater's response
  scores    print the committed team-scores, one JSON object per team, as `feedback360 scores` does

Run it with Debian's python3 (/usr/bin/python3) and the packages python3-confluent-kafka and python3-avro.
"""

import argparse
import datetime
import json
import re
import sys

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition

import feedback360_wire as wire

RESPONSES_TOPIC = "survey-responses"
SCORES_TOPIC = "team-scores"
SCORES_GROUP = "feedback360-replay-python-scores"
RATER_GROUPS = ("SELF", "MANAGER", "PEER", "DIRECT_REPORT", "OTHER")
CHANNELS = ("WEB", "MOBILE", "EMAIL", "PAPER", "INTERVIEW", "OTHER")


# --- Connecting --------------------------------------------------------------------------------------------

def read_properties(text):
    """A Java properties file as a dict: comments (# !), key=value or key:value, escapes and continued lines."""
    properties = {}
    logical = ""
    for line in text.splitlines():
        line = line.lstrip()  # leading white space goes, on a continued line too
        if not logical and (not line or line[0] in "#!"):
            continue
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2 == 1:  # an odd number of backslashes: the line continues
            logical += line[:-1]
            continue
        logical += line
        match = re.match(r"((?:[^=:\s\\]|\\.)+)\s*[=:\s]\s*(.*)$", logical, re.S)
        if match:
            properties[_unescape(match.group(1))] = _unescape(match.group(2))
        elif logical:
            properties[_unescape(logical)] = ""
        logical = ""
    return properties


def _unescape(text):
    escapes = {"n": "\n", "t": "\t", "r": "\r", "f": "\f"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text)


def security_settings(properties, ca_location=None):
    """librdkafka settings from the Kafka client properties feedback360 writes (--command-config files).

    security.protocol as is; SASL: sasl.mechanism and the username and password of sasl.jaas.config; mutual TLS:
    the PKCS#12 keystore and its password; the CA: ssl.ca.location when given, else a PEM truststore inline
    (ssl.truststore.certificates, the files of `feedback360 secrets`). librdkafka cannot read a Java truststore
    file: for those (the files of `broker --secure`) pass the CA's PEM file (<data-dir>/security/ca.pem).
    """
    settings = {}
    if "bootstrap.servers" in properties:
        settings["bootstrap.servers"] = properties["bootstrap.servers"]
    protocol = properties.get("security.protocol", "PLAINTEXT").upper()
    settings["security.protocol"] = protocol
    if protocol.startswith("SASL"):
        settings["sasl.mechanisms"] = properties.get("sasl.mechanism", "GSSAPI")
        jaas = properties.get("sasl.jaas.config", "")
        for name in ("username", "password"):
            found = re.search(name + r'\s*=\s*"((?:[^"\\]|\\.)*)"', jaas)
            if found is None:
                raise ValueError(f"sasl.jaas.config has no {name}=\"...\": librdkafka needs sasl.{name}")
            settings["sasl." + name] = re.sub(r"\\(.)", r"\1", found.group(1))
    if protocol.endswith("SSL"):
        if "ssl.keystore.location" in properties:
            if properties.get("ssl.keystore.type", "JKS").upper() != "PKCS12":
                raise ValueError("librdkafka reads PKCS#12 keystores only (ssl.keystore.type=PKCS12)")
            settings["ssl.keystore.location"] = properties["ssl.keystore.location"]
            settings["ssl.keystore.password"] = properties.get("ssl.keystore.password", "")
        if ca_location is not None:
            settings["ssl.ca.location"] = ca_location
        elif properties.get("ssl.truststore.type", "").upper() == "PEM" \
                and "ssl.truststore.certificates" in properties:
            settings["ssl.ca.pem"] = properties["ssl.truststore.certificates"]
        elif "ssl.truststore.location" in properties:
            raise ValueError("librdkafka cannot read the Java truststore " + properties["ssl.truststore.location"]
                             + ": pass --ca-location with the CA's PEM file (broker --secure writes it as "
                             "<data-dir>/security/ca.pem)")
        algorithm = properties.get("ssl.endpoint.identification.algorithm")
        if algorithm is not None:
            settings["ssl.endpoint.identification.algorithm"] = algorithm or "none"
    return settings


# --- Producing ---------------------------------------------------------------------------------------------

def producer_config(bootstrap_servers, extra=None):
    """librdkafka settings for survey-responses.

    partitioner=murmur2_random is the one setting that must not be left out: librdkafka's default
    (consistent_random, CRC32) puts a key on another partition than Java's producers do, and the streams app
    dead-letters such a record instead of counting it twice.
    """
    config = {
        "bootstrap.servers": bootstrap_servers,
        "partitioner": "murmur2_random",
        "enable.idempotence": True,
        "acks": "all",
        "compression.type": "lz4",
        "linger.ms": 20,
    }
    config.update(extra or {})
    return config


class Sender:
    """Sends records and remembers what the broker said about each."""

    def __init__(self, producer, topic):
        self.producer = producer
        self.topic = topic
        self.failures = []
        self.partitions = []

    def _delivered(self, error, message):
        if error is not None:
            self.failures.append(str(error))
        else:
            self.partitions.append(message.partition())

    def send(self, key, value, timestamp_ms):
        self.producer.produce(self.topic, key=key, value=value, timestamp=timestamp_ms,
                              on_delivery=self._delivered)
        self.producer.poll(0)

    def finish(self, timeout_s=30):
        left = self.producer.flush(timeout_s)
        if left:
            self.failures.append(f"{left} records not acknowledged within {timeout_s} s; is the broker reachable?")
        return not self.failures


def parse_instant(text):
    """ISO-8601 with an offset ("Z" or "+01:00"), as the export files carry it."""
    instant = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if instant.tzinfo is None:
        raise ValueError(f"submitted_at {text!r} has no offset; write it as 2026-03-02T09:15:00Z or +01:00")
    return instant.astimezone(datetime.timezone.utc)


def response_records(row, key, instrument):
    """The ResponseKey and SurveyResponse (as dicts) of one export row in the JSON Lines format of the README."""
    group = row["rater_group"].upper()
    if group not in RATER_GROUPS:
        raise ValueError(f"rater_group {row['rater_group']!r} is not one of {', '.join(RATER_GROUPS)}")
    if (group == "SELF") != (row["rater_id"] == row["subject_id"]):
        raise ValueError("a SELF row's rater must be its subject, and any other row's rater must not be")
    answers_given = row.get("answers", {})
    unknown = set(answers_given) - {item["id"] for item in instrument["items"]}
    if unknown:
        raise ValueError(f"items not in instrument {instrument['id']}: {', '.join(sorted(unknown))}")
    rater = wire.pseudonymise(key, row["rater_id"], row["subject_id"])
    response_key = {"cycleId": row["cycle_id"], "subjectId": row["subject_id"], "raterId": rater}
    channel = row.get("channel")
    response = {
        "responseId": row["response_id"],
        "cycleId": row["cycle_id"],
        "teamId": row["team_id"],
        "subjectId": row["subject_id"],
        "raterId": rater,
        "raterGroup": group,
        "submittedAt": parse_instant(row["submitted_at"]),
        "instrumentId": instrument["id"],
        "instrumentVersion": instrument["version"],
        # one answer per item of the instrument, in its order; None = not answered
        "answers": [{"itemId": item["id"], "axis": item["axis"], "pole": item["pole"],
                     "score": answers_given.get(item["id"])} for item in instrument["items"]],
        "channel": channel.upper() if channel else None,
    }
    if response["channel"] is not None and response["channel"] not in CHANNELS:
        raise ValueError(f"channel {channel!r} is not one of {', '.join(CHANNELS)}")
    return response_key, response


def send_file(sender, schemas, key, instrument, path):
    """Sends every row of a JSON Lines file; returns the number of rows sent. Stops at the first bad row."""
    sent = 0
    with open(path, encoding="utf-8") as f:
        for line_number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                response_key, response = response_records(json.loads(line), key, instrument)
            except (ValueError, KeyError) as e:
                raise ValueError(f"{path} line {line_number}: {e}") from None
            # Stamped with the time of sending, not submittedAt: Kafka rolls and compacts segments by record
            # timestamps, and an export stamped days back would lose its corrections' earlier versions in minutes.
            sender.send(schemas.encode("ResponseKey", response_key), schemas.encode("SurveyResponse", response),
                        wire.millis(datetime.datetime.now(datetime.timezone.utc)))
            sent += 1
    return sent


def withdraw(sender, schemas, key, cycle, subject, raw_rater):
    """A withdrawal: the response's key, a null value, and the time of withdrawal as the record timestamp."""
    response_key = {"cycleId": cycle, "subjectId": subject, "raterId": wire.pseudonymise(key, raw_rater, subject)}
    now = datetime.datetime.now(datetime.timezone.utc)
    sender.send(schemas.encode("ResponseKey", response_key), None, wire.millis(now))


# --- Reading scores ----------------------------------------------------------------------------------------

def read_scores(bootstrap_servers, schemas, topic=SCORES_TOPIC, cycle=None, timeout_s=60, extra=None,
                group_id=SCORES_GROUP):
    """The latest committed TeamScores per team: the topic read from the start to its end, read_committed.

    librdkafka wants a group.id even though nothing is committed, and on a secured broker asks for the group's
    coordinator, which the principal must be allowed: the default is one of the analyst's groups (`feedback360
    acls`: feedback360-replay-...), the principal that may read team-scores.
    """
    config = {
        "bootstrap.servers": bootstrap_servers,
        "group.id": group_id,
        "enable.auto.commit": False,
        "isolation.level": "read_committed",
        "enable.partition.eof": True,
    }
    config.update(extra or {})
    consumer = Consumer(config)
    try:
        metadata = consumer.list_topics(topic, timeout=timeout_s)
        if metadata.topics[topic].error is not None:
            raise RuntimeError(f"Cannot read topic {topic}: {metadata.topics[topic].error}")
        partitions = [TopicPartition(topic, p, 0) for p in metadata.topics[topic].partitions]
        consumer.assign(partitions)
        at_end = set()
        latest = {}
        deadline = datetime.datetime.now() + datetime.timedelta(seconds=timeout_s)
        while len(at_end) < len(partitions):
            if datetime.datetime.now() > deadline:
                raise RuntimeError(f"The end of {topic} was not reached within {timeout_s} s")
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error() is not None:
                if message.error().code() == KafkaError._PARTITION_EOF:
                    at_end.add(message.partition())
                    continue
                raise KafkaException(message.error())
            at_end.discard(message.partition())
            team = schemas.decode("TeamKey", message.key())
            if cycle is not None and team["cycleId"] != cycle:
                continue
            scores = schemas.decode("TeamScores", message.value())
            if scores is None:
                latest.pop((team["cycleId"], team["teamId"]), None)  # the team has no responses left
            else:
                latest[(team["cycleId"], team["teamId"])] = scores
        return [latest[team] for team in sorted(latest)]
    finally:
        consumer.close()


def instant_text(instant):
    """An instant as Java's Instant.toString writes it: UTC, "Z", milliseconds only when not zero."""
    instant = instant.astimezone(datetime.timezone.utc)
    text = instant.strftime("%Y-%m-%dT%H:%M:%S")
    if instant.microsecond:
        text += f".{instant.microsecond // 1000:03d}"
    return text + "Z"


def scores_json(scores):
    """TeamScores in the JSON contract of the README (what `feedback360 scores` prints)."""
    def cell(c):
        return {"mean": c["mean"], "sd": c["sd"], "n": c["n"], "raters": c["raters"]}

    def axis(a):
        return {"leader": cell(a["leader"]), "manager": cell(a["manager"]), "balance": a["balance"],
                "selfBalance": a["selfBalance"], "gap": a["gap"]}

    raters = scores["raters"]
    overall = scores["overall"]
    return {
        "cycleId": scores["cycleId"], "teamId": scores["teamId"], "status": scores["status"],
        "minRaters": scores["minRaters"], "minChange": scores["minChange"],
        "raters": {"SELF": raters["self"], "MANAGER": raters["manager"], "PEER": raters["peer"],
                   "DIRECT_REPORT": raters["directReport"], "OTHER": raters["other"]},
        "pendingRaters": scores["pendingRaters"],
        "axes": {"CHANGE": axis(scores["axes"]["change"]), "FOCUS": axis(scores["axes"]["focus"]),
                 "HORIZON": axis(scores["axes"]["horizon"])},
        "overall": {"leaderMean": overall["leaderMean"], "managerMean": overall["managerMean"],
                    "balance": overall["balance"], "style": overall["style"]},
        "updatedAt": instant_text(scores["updatedAt"]),
    }


# --- Command line ------------------------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap-servers",
                        help="default: bootstrap.servers of --command-config, else 127.0.0.1:9092")
    parser.add_argument("--command-config", metavar="FILE",
                        help="Kafka client properties of a principal (the files feedback360 writes: SASL_SSL or "
                             "mutual TLS), turned into librdkafka's settings")
    parser.add_argument("--ca-location", metavar="PEM",
                        help="the CA certificate for TLS when the properties name a Java truststore "
                             "(broker --secure: <data-dir>/security/ca.pem)")
    parser.add_argument("--schemas", default=wire.DEFAULT_SCHEMAS_DIR,
                        help="folder of the released schemas, <Record>/v<N>.avsc (default: the repository's)")
    commands = parser.add_subparsers(dest="command", required=True)

    send = commands.add_parser("send", help="send responses from a JSON Lines file")
    send.add_argument("--input", required=True, help="JSON Lines, one response per line (the README's format)")
    send.add_argument("--instrument", required=True, help="the instrument JSON file the answers refer to")
    send.add_argument("--rater-key-file", required=True)
    send.add_argument("--topic", default=RESPONSES_TOPIC)

    remove = commands.add_parser("withdraw", help="withdraw one rater's response (a tombstone)")
    remove.add_argument("--cycle", required=True)
    remove.add_argument("--subject", required=True)
    remove.add_argument("--rater", required=True,
                        help="raw rater id, or - to read it from the first line of standard input")
    remove.add_argument("--rater-key-file", required=True)
    remove.add_argument("--topic", default=RESPONSES_TOPIC)

    scores = commands.add_parser("scores", help="print the committed team scores as JSON lines")
    scores.add_argument("--cycle")
    scores.add_argument("--topic", default=SCORES_TOPIC)
    scores.add_argument("--timeout", type=int, default=60, help="seconds")
    scores.add_argument("--group-id", default=SCORES_GROUP,
                        help="the consumer group librdkafka asks for (nothing is committed); on a secured broker one "
                             "the principal may use (default: %(default)s, an analyst's group)")

    args = parser.parse_args(argv)
    schemas = wire.Schemas(args.schemas)
    security = {}
    if args.command_config is not None:
        with open(args.command_config, encoding="utf-8") as f:
            security = security_settings(read_properties(f.read()), args.ca_location)
    from_file = security.pop("bootstrap.servers", None)
    bootstrap_servers = args.bootstrap_servers or from_file or "127.0.0.1:9092"

    if args.command == "scores":
        for team in read_scores(bootstrap_servers, schemas, args.topic, args.cycle, args.timeout, security,
                                args.group_id):
            print(json.dumps(scores_json(team), separators=(",", ":")))
        return 0

    key = wire.read_rater_key(args.rater_key_file)
    sender = Sender(Producer(producer_config(bootstrap_servers, security)), args.topic)
    if args.command == "send":
        with open(args.instrument, encoding="utf-8") as f:
            instrument = json.load(f)
        count = send_file(sender, schemas, key, instrument, args.input)
        what = f"{count} responses"
    else:
        rater = sys.stdin.readline().rstrip("\r\n") if args.rater == "-" else args.rater
        withdraw(sender, schemas, key, args.cycle, args.subject, rater)
        what = "1 withdrawal"
    if not sender.finish():
        print(f"Not every record was acknowledged: {'; '.join(sender.failures)}", file=sys.stderr)
        return 1
    print(f"{what} sent to {args.topic} (partitions {sorted(set(sender.partitions))})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (ValueError, OSError, RuntimeError, KafkaException) as e:
        print(f"feedback360_client: {e}", file=sys.stderr)
        sys.exit(1)
