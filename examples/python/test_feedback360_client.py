"""Checks how feedback360_client turns the Kafka client properties feedback360 writes into librdkafka's settings.

Run: /usr/bin/python3 -m unittest discover -s examples/python
"""

import unittest

import feedback360_client as client

# As `feedback360 secrets` writes a principal's file (CA inline) and `broker --secure --mutual-tls` its -mtls file.
SASL_FILE = "\n".join([
    "# Kafka client settings of principal 'analyst'",
    "security.protocol=SASL_SSL",
    "sasl.mechanism=SCRAM-SHA-512",
    'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username\\="analyst" '
    'password\\="s3cr\\\\\\\\et";',
    "ssl.truststore.type=PEM",
    "ssl.truststore.certificates=-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----",
    "",
])
MTLS_FILE = "\n".join([
    "! comments with either mark",
    "security.protocol=SSL",
    "ssl.keystore.location=/data/clients/analyst.p12",
    "ssl.keystore.type=PKCS12",
    "ssl.keystore.password=k3y",
    "ssl.truststore.location=/data/security/truststore.p12",
    "ssl.truststore.type=PKCS12",
    "bootstrap.servers : 127.0.0.1:29393, \\",
    "    127.0.0.1:29394",
])


class SecuritySettingsTest(unittest.TestCase):

    def test_sasl_file_gives_the_scram_user_and_the_inline_ca(self):
        settings = client.security_settings(client.read_properties(SASL_FILE))
        self.assertEqual(settings, {
            "security.protocol": "SASL_SSL",
            "sasl.mechanisms": "SCRAM-SHA-512",
            "sasl.username": "analyst",
            "sasl.password": "s3cr\\et",
            "ssl.ca.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        })

    def test_mutual_tls_file_gives_the_keystore_and_needs_the_ca_as_pem(self):
        properties = client.read_properties(MTLS_FILE)
        self.assertEqual(properties["bootstrap.servers"], "127.0.0.1:29393, 127.0.0.1:29394")
        with self.assertRaisesRegex(ValueError, "pass --ca-location .*security/ca.pem"):
            client.security_settings(properties)
        settings = client.security_settings(properties, "/data/security/ca.pem")
        self.assertEqual(settings, {
            "bootstrap.servers": "127.0.0.1:29393, 127.0.0.1:29394",
            "security.protocol": "SSL",
            "ssl.keystore.location": "/data/clients/analyst.p12",
            "ssl.keystore.password": "k3y",
            "ssl.ca.location": "/data/security/ca.pem",
        })

    def test_refuses_what_librdkafka_cannot_use(self):
        with self.assertRaisesRegex(ValueError, "PKCS#12 keystores only"):
            client.security_settings(client.read_properties(
                "security.protocol=SSL\nssl.keystore.location=a.jks\nssl.keystore.type=JKS"), "ca.pem")
        with self.assertRaisesRegex(ValueError, "no password="):
            client.security_settings(client.read_properties(
                "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nsasl.jaas.config=x required username=\"u\";"),
                "ca.pem")

    def test_plaintext_needs_nothing(self):
        self.assertEqual(client.security_settings(client.read_properties("")), {"security.protocol": "PLAINTEXT"})


if __name__ == "__main__":
    unittest.main()
