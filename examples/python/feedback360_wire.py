"""The feedback360 wire contract (docs/wire-format.md) in plain Python.

Everything a client needs to write survey-responses and read team-scores, and nothing else:

- the rater key file and rater pseudonyms (HMAC-SHA256, with the self-rating domain),
- Avro single-object encoding: marker C3 01, the CRC-64-AVRO fingerprint of the writer schema's
  Parsing Canonical Form (little-endian), then the Avro binary body,
- the released schemas, looked up by fingerprint.

Needs Debian's python3-avro (1.11); its own Schema.canonical_form is wrong for logical types
({"type":"long"} instead of "long"), so the Parsing Canonical Form and the fingerprint are written out here.
"""

import datetime
import glob
import hashlib
import hmac
import io
import json
import os

import avro.io
import avro.schema

MARKER = b"\xc3\x01"
HEADER_LENGTH = 10
SELF_DOMAIN = b"self\x00"
DEFAULT_SCHEMAS_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..",
    "schemas", "src", "main", "resources", "dev", "feedback360", "schemas", "released")


# --- The rater key and pseudonyms -------------------------------------------------------------------------

def read_rater_key(path):
    """The key bytes of a rater key file: its bytes less one trailing line break (LF or CRLF), nothing else.

    The text is not trimmed and not hex-decoded: a file holding 64 hex characters is a 64-byte key.
    The file must be UTF-8, as the Java producer reads it so.
    """
    with open(path, "rb") as f:
        data = f.read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"The rater key file {path} is not UTF-8 text ({e.reason}); "
                         "feedback360's produce command would refuse it too") from None
    if data.endswith(b"\r\n"):
        return data[:-2]
    if data.endswith(b"\n"):
        return data[:-1]
    return data


def pseudonymise(key, raw_rater_id, raw_subject_id):
    """The rater id as it goes on the wire: 64 lowercase hex characters.

    A self-rating (the rater is the subject) is pseudonymised in its own domain, "self" NUL + raw id,
    so that the subject id next to it does not reveal the person behind their other ratings.
    """
    message = raw_rater_id.encode("utf-8")
    if raw_rater_id == raw_subject_id:
        message = SELF_DOMAIN + message
    return hmac.new(key, message, hashlib.sha256).hexdigest()


# --- Parsing Canonical Form and CRC-64-AVRO ---------------------------------------------------------------

_PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
_NAMED = {"record", "error", "enum", "fixed"}


def _full_name(name, namespace):
    if "." in name or not namespace:
        return name
    return namespace + "." + name


def _text(value):
    return json.dumps(value, ensure_ascii=False)


def _canonical(schema, namespace, defined):
    if isinstance(schema, list):
        return "[" + ",".join(_canonical(branch, namespace, defined) for branch in schema) + "]"
    if isinstance(schema, str):
        return _text(schema if schema in _PRIMITIVES else _full_name(schema, namespace))
    kind = schema["type"]
    if not isinstance(kind, str) or (kind not in _PRIMITIVES and kind not in _NAMED
                                     and kind not in ("array", "map")):
        return _canonical(kind, namespace, defined)  # {"type": <schema>} or {"type": "SomeName"}
    if kind in _PRIMITIVES:
        return _text(kind)  # logicalType and every other attribute dropped
    if kind == "array":
        return '{"type":"array","items":' + _canonical(schema["items"], namespace, defined) + "}"
    if kind == "map":
        return '{"type":"map","values":' + _canonical(schema["values"], namespace, defined) + "}"
    full = _full_name(schema["name"], schema.get("namespace", namespace))
    if full in defined:
        return _text(full)
    defined.add(full)
    inner = full.rpartition(".")[0]
    parts = ['"name":' + _text(full), '"type":' + _text("record" if kind == "error" else kind)]
    if kind in ("record", "error"):
        fields = ('{"name":' + _text(f["name"]) + ',"type":' + _canonical(f["type"], inner, defined) + "}"
                  for f in schema["fields"])
        parts.append('"fields":[' + ",".join(fields) + "]")
    elif kind == "enum":
        parts.append('"symbols":[' + ",".join(_text(s) for s in schema["symbols"]) + "]")
    else:
        parts.append('"size":' + str(int(schema["size"])))
    return "{" + ",".join(parts) + "}"


def parsing_canonical_form(schema_json):
    """The Avro Parsing Canonical Form of a schema given as parsed JSON (dict, list or str)."""
    return _canonical(schema_json, "", set())


_EMPTY = 0xC15D213AA4D7A795


def _crc64_table():
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (_EMPTY & -(fp & 1))
        table.append(fp)
    return table


_TABLE = _crc64_table()


def crc64_avro(data):
    """The CRC-64-AVRO (Rabin) fingerprint of some bytes, as an unsigned 64-bit int."""
    fp = _EMPTY
    for byte in data:
        fp = (fp >> 8) ^ _TABLE[(fp ^ byte) & 0xFF]
    return fp


def fingerprint(schema_json):
    """The fingerprint of a schema, as Java's SchemaNormalization.parsingFingerprint64 gives it (unsigned)."""
    return crc64_avro(parsing_canonical_form(schema_json).encode("utf-8"))


# --- Released schemas and single-object encoding ----------------------------------------------------------

class Schema:
    """One released version of one record."""

    def __init__(self, record, version, schema_json):
        self.record = record
        self.version = version
        self.json = schema_json
        self.avro = avro.schema.parse(json.dumps(schema_json))
        self.fingerprint = fingerprint(schema_json)
        self.header = MARKER + self.fingerprint.to_bytes(8, "little")


class Schemas:
    """Every released version of each public record, from <dir>/<Record>/v<N>.avsc."""

    def __init__(self, directory=DEFAULT_SCHEMAS_DIR):
        self.by_fingerprint = {}
        self.newest = {}
        for path in sorted(glob.glob(os.path.join(directory, "*", "v*.avsc"))):
            record = os.path.basename(os.path.dirname(path))
            version = int(os.path.basename(path)[1:-len(".avsc")])
            with open(path, encoding="utf-8") as f:
                schema = Schema(record, version, json.load(f))
            self.by_fingerprint[schema.fingerprint] = schema
            if record not in self.newest or self.newest[record].version < version:
                self.newest[record] = schema
        if not self.newest:
            raise ValueError(f"No released schemas under {directory}: expected <Record>/v<N>.avsc files "
                             "(schemas/src/main/resources/dev/feedback360/schemas/released in the repository)")

    def encode(self, record, datum):
        """Single-object encoding of a datum (a dict) with the newest released version of the record."""
        schema = self.newest[record]
        out = io.BytesIO()
        out.write(schema.header)
        avro.io.DatumWriter(schema.avro).write(datum, avro.io.BinaryEncoder(out))
        return out.getvalue()

    def decode(self, record, data):
        """Decodes single-object bytes written with any released version, resolved to the newest one.

        None (a tombstone) stays None.
        """
        if data is None:
            return None
        if len(data) < HEADER_LENGTH or data[:2] != MARKER:
            raise ValueError(f"Not Avro single-object encoding: {len(data)} bytes starting {data[:2].hex()}, "
                             "expected c3 01 and an 8-byte fingerprint")
        fp = int.from_bytes(data[2:HEADER_LENGTH], "little")
        writer = self.by_fingerprint.get(fp)
        if writer is None or writer.record != record:
            raise ValueError(f"Cannot decode {record}: writer schema fingerprint {fp:016x} is not a released "
                             f"version of it in these schemas; update the schemas directory from the repository")
        reader = avro.io.DatumReader(writer.avro, self.newest[record].avro)
        return reader.read(avro.io.BinaryDecoder(io.BytesIO(data[HEADER_LENGTH:])))


def millis(instant):
    """A timezone-aware datetime as UTC milliseconds since the epoch (a Kafka record timestamp)."""
    return (instant - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)) // datetime.timedelta(
        milliseconds=1)
