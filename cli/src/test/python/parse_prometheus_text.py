"""Parses Prometheus' text exposition format from stdin with the Prometheus project's own Python parser
(prometheus_client.parser, Debian's python3-prometheus-client) and prints every sample as JSON, so that a Java test
checks what a Prometheus server would read, not what its own regular expressions make of the text.

Output: {"families": [{"name", "type"}], "samples": [{"name", "labels", "value"}]}; a parse error exits 1 with the
parser's message on stderr.
"""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    text = sys.stdin.read()
    families = []
    samples = []
    for family in text_string_to_metric_families(text):
        families.append({"name": family.name, "type": family.type})
        for sample in family.samples:
            value = sample.value
            samples.append({
                "name": sample.name,
                "labels": dict(sample.labels),
                # JSON has no NaN or infinities: they travel as strings.
                "value": value if math.isfinite(value) else str(value),
            })
    json.dump({"families": families, "samples": samples}, sys.stdout)


if __name__ == "__main__":
    try:
        main()
    except ValueError as e:
        print("Not Prometheus text format: %s" % e, file=sys.stderr)
        sys.exit(1)
