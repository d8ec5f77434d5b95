"""Checks feedback360_wire against the worked example of docs/wire-format.md.

Run: /usr/bin/python3 -m unittest discover -s examples/python
"""

import datetime
import io
import os
import re
import tempfile
import unittest

import avro.io

import feedback360_wire as wire

DOCUMENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "wire-format.md")


def document_blocks():
    with open(DOCUMENT, encoding="utf-8") as f:
        text = f.read()
    return {name: body for name, body in re.findall(r"(?ms)^```\w* example:([\w-]+)\n(.*?)^```$", text)}


def hex_block(body):
    return bytes.fromhex("".join(body.split()))


UTC = datetime.timezone.utc


class WorkedExampleTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.blocks = document_blocks()
        cls.schemas = wire.Schemas()
        with tempfile.NamedTemporaryFile(delete=False) as f:
            f.write(hex_block(cls.blocks["key-file"]))
        cls.key = wire.read_rater_key(f.name)
        os.unlink(f.name)

    def test_should_compute_the_documented_fingerprint_of_every_released_schema(self):
        documented = {}
        for line in self.blocks["fingerprints"].splitlines():
            record, version, number, *wire_bytes = line.split()
            documented[(record, int(version[1:]))] = (int(number, 16), bytes.fromhex("".join(wire_bytes)))
        computed = {(s.record, s.version): (s.fingerprint, s.header[2:]) for s in self.schemas.by_fingerprint.values()}
        self.assertEqual(documented, computed)

    def test_should_pseudonymise_like_the_documented_example_self_domain_included(self):
        self.assertEqual(len(self.key), 34)  # 35 bytes in the file, less the trailing newline
        self.assertEqual(wire.pseudonymise(self.key, "P1", "S1"), self.blocks["pseudonym-P1"].strip())
        self.assertEqual(wire.pseudonymise(self.key, "S1", "S1"), self.blocks["pseudonym-S1-self"].strip())
        self.assertEqual(wire.pseudonymise(self.key, "S1", "S2"), self.blocks["pseudonym-S1-not-self"].strip())

    def test_should_encode_the_documented_response_and_correction_byte_for_byte(self):
        rater = wire.pseudonymise(self.key, "P1", "S1")
        key = {"cycleId": "2026-H2", "subjectId": "S1", "raterId": rater}
        response = {
            "responseId": "r-01", "cycleId": "2026-H2", "teamId": "T1", "subjectId": "S1", "raterId": rater,
            "raterGroup": "PEER", "submittedAt": datetime.datetime(2026, 10, 1, 9, 0, 1, tzinfo=UTC),
            "instrumentId": "leadership-vs-management", "instrumentVersion": 1,
            "answers": [{"itemId": "CHANGE_L1", "axis": "CHANGE", "pole": "LEADER", "score": 5},
                        {"itemId": "CHANGE_M1", "axis": "CHANGE", "pole": "MANAGER", "score": 2},
                        {"itemId": "FOCUS_L1", "axis": "FOCUS", "pole": "LEADER", "score": None}],
            "channel": "WEB"}
        correction = dict(response, responseId="r-01b", channel=None,
                          submittedAt=datetime.datetime(2026, 10, 2, 8, 30, tzinfo=UTC),
                          answers=[{"itemId": "CHANGE_L1", "axis": "CHANGE", "pole": "LEADER", "score": 4},
                                   {"itemId": "CHANGE_M1", "axis": "CHANGE", "pole": "MANAGER", "score": 2},
                                   {"itemId": "FOCUS_L1", "axis": "FOCUS", "pole": "LEADER", "score": 3}])

        self.assertEqual(self.schemas.encode("ResponseKey", key).hex(), hex_block(self.blocks["response-key"]).hex())
        self.assertEqual(self.schemas.encode("SurveyResponse", response).hex(),
                         hex_block(self.blocks["response-value"]).hex())
        self.assertEqual(self.schemas.encode("SurveyResponse", correction).hex(),
                         hex_block(self.blocks["correction-value"]).hex())
        self.assertEqual(f"response {wire.millis(response['submittedAt'])}\n"
                         f"correction {wire.millis(correction['submittedAt'])}",
                         re.sub(" +", " ", self.blocks["record-timestamps"].strip()))

    def test_should_decode_what_it_encodes(self):
        value = hex_block(self.blocks["response-value"])
        decoded = self.schemas.decode("SurveyResponse", value)
        self.assertEqual(decoded["responseId"], "r-01")
        self.assertEqual(decoded["submittedAt"], datetime.datetime(2026, 10, 1, 9, 0, 1, tzinfo=UTC))
        self.assertEqual([a["score"] for a in decoded["answers"]], [5, 2, None])

    def test_should_read_team_scores_v1_with_the_v2_defaults(self):
        v1 = next(s for s in self.schemas.by_fingerprint.values() if s.record == "TeamScores" and s.version == 1)
        cell = {"mean": None, "sd": None, "n": 0, "raters": 0}
        axis = {"leader": cell, "manager": cell, "balance": None, "selfBalance": None, "gap": None}
        scores = {"cycleId": "2026-H1", "teamId": "T9", "status": "SUPPRESSED", "minRaters": 3,
                  "raters": {"self": 0, "manager": 1, "peer": 2, "directReport": 0, "other": 0},
                  "axes": {"change": axis, "focus": axis, "horizon": axis},
                  "overall": {"leaderMean": None, "managerMean": None, "balance": None, "style": None},
                  "updatedAt": datetime.datetime(2026, 3, 2, 8, 15, 0, 500000, tzinfo=UTC)}
        out = io.BytesIO()
        out.write(v1.header)
        avro.io.DatumWriter(v1.avro).write(scores, avro.io.BinaryEncoder(out))

        decoded = self.schemas.decode("TeamScores", out.getvalue())

        self.assertEqual((decoded["pendingRaters"], decoded["minChange"]), (0, 1))
        self.assertEqual(decoded["raters"]["peer"], 2)
        self.assertEqual(decoded["updatedAt"], scores["updatedAt"])

    def test_should_refuse_bytes_of_an_unknown_schema_and_keep_tombstones_null(self):
        self.assertIsNone(self.schemas.decode("TeamScores", None))
        with self.assertRaisesRegex(ValueError, "fingerprint 0000000000000001 is not a released version"):
            self.schemas.decode("TeamScores", b"\xc3\x01" + (1).to_bytes(8, "little") + b"\x00")


class RaterKeyFileTest(unittest.TestCase):

    def key_of(self, content):
        with tempfile.NamedTemporaryFile(delete=False) as f:
            f.write(content)
        try:
            return wire.read_rater_key(f.name)
        finally:
            os.unlink(f.name)

    def test_should_drop_one_trailing_line_break_and_nothing_else(self):
        self.assertEqual(self.key_of(b"b7f3c1e09a5d4e2f\n"), b"b7f3c1e09a5d4e2f")
        self.assertEqual(self.key_of(b"b7f3c1e09a5d4e2f\r\n"), b"b7f3c1e09a5d4e2f")
        self.assertEqual(self.key_of(b"b7f3c1e09a5d4e2f\n\n"), b"b7f3c1e09a5d4e2f\n")
        self.assertEqual(self.key_of(b" b7f3c1e09a5d4e2f "), b" b7f3c1e09a5d4e2f ")

    def test_should_refuse_a_key_file_that_is_not_utf8(self):
        with self.assertRaisesRegex(ValueError, "not UTF-8"):
            self.key_of(b"b7f3c1e09a5d4e2f\xe9")


if __name__ == "__main__":
    unittest.main()
