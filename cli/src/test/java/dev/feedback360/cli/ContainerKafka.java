package dev.feedback360.cli;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Kafka image of the container tests, and whether they can run here.
 *
 * <p>The image name comes from one place: the system property {@value #IMAGE_PROPERTY}, else the environment
 * variable {@value #IMAGE_ENV}, else {@code apache/kafka:<kafka.version of the pom>} (containers.properties).
 *
 * <p>As an {@link ExecutionCondition}: the test class is skipped, with one log line saying why, when no Docker
 * engine answers or the image is not present locally (nothing is pulled: the machines this project is built on
 * reach no registry). With {@value #REQUIRE_ENV}{@code =true} (CI) that skip is a failure instead.
 */
final class ContainerKafka implements ExecutionCondition {

  static final String IMAGE_PROPERTY = "feedback360.kafka.image";
  static final String IMAGE_ENV = "FEEDBACK360_KAFKA_IMAGE";
  static final String REQUIRE_ENV = "FEEDBACK360_REQUIRE_CONTAINERS";

  private static final Logger LOG = LoggerFactory.getLogger(ContainerKafka.class);
  private static final AtomicBoolean SKIP_LOGGED = new AtomicBoolean();
  private static volatile Optional<String> unavailable;

  /**
   * A Kafka container of the configured image, not started. Testcontainers copies its start script into the container
   * while the container's command waits for the file, and the command may find it before the copy has closed it:
   * executing it then fails with "Text file busy" (exit code 126; once in a CI rehearsal on 2026-12-05, and the
   * container never started). The command here runs the script again while the shell reports that it cannot execute
   * it, and otherwise exits as the script does.
   */
  static KafkaContainer newContainer() {
    KafkaContainer kafka =
        new KafkaContainer(DockerImageName.parse(imageName()).asCompatibleSubstituteFor("apache/kafka"));
    kafka.withCommand("sh", "-c", "script=/tmp/testcontainers_start.sh; while [ ! -f $script ]; do sleep 0.1; done; "
        + "$script; code=$?; while [ $code -eq 126 ]; do sleep 0.1; $script; code=$?; done; exit $code");
    return kafka;
  }

  static String imageName() {
    String property = System.getProperty(IMAGE_PROPERTY);
    if (property != null && !property.isBlank()) {
      return property.trim();
    }
    String env = System.getenv(IMAGE_ENV);
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    Properties defaults = new Properties();
    try (InputStream in = ContainerKafka.class.getClassLoader().getResourceAsStream("containers.properties")) {
      if (in == null) {
        throw new IllegalStateException("containers.properties is missing from the test classpath");
      }
      defaults.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read containers.properties", e);
    }
    return defaults.getProperty("kafka.image");
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<String> reason = whyUnavailable();
    if (reason.isEmpty()) {
      return ConditionEvaluationResult.enabled("Docker answers and " + imageName() + " is present");
    }
    if ("true".equals(String.valueOf(System.getenv(REQUIRE_ENV)).toLowerCase(Locale.ROOT))) {
      throw new IllegalStateException("Container tests are required here (" + REQUIRE_ENV + "=true) but cannot run: "
          + reason.get());
    }
    if (SKIP_LOGGED.compareAndSet(false, true)) {
      LOG.warn("Container tests skipped: {}", reason.get());
    }
    return ConditionEvaluationResult.disabled(reason.get());
  }

  private static Optional<String> whyUnavailable() {
    Optional<String> known = unavailable;
    if (known == null) {
      known = check();
      unavailable = known;
    }
    return known;
  }

  private static Optional<String> check() {
    String image = imageName();
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return Optional.of("no Docker engine is reachable (start one, or point DOCKER_HOST at one)");
    }
    try {
      DockerClientFactory.instance().client().inspectImageCmd(image).exec();
      return Optional.empty();
    } catch (NotFoundException e) {
      return Optional.of("the Kafka image " + image + " is not present locally and is never pulled by the tests: "
          + "docker pull " + image + ", or build the offline one with docker/build-offline-images.sh and set "
          + IMAGE_ENV + "=feedback360/kafka:<kafka version>");
    }
  }
}
