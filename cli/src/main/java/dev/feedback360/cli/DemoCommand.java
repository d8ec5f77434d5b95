package dev.feedback360.cli;

import dev.feedback360.avro.TeamScores;
import dev.feedback360.broker.EmbeddedKafkaBroker;
import dev.feedback360.dashboard.DashboardSettings;
import dev.feedback360.dashboard.DashboardSettings;
import dev.feedback360.producer.files.OwnerOnly;
import dev.feedback360.producer.generate.ResponseFileWriter;
import dev.feedback360.producer.generate.SyntheticDataGenerator;
import dev.feedback360.producer.ingest.ImportSummary;
import dev.feedback360.producer.instrument.Instrument;
import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.parse.ResponseRow;
import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.app.TeamScoresApp;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: the whole pipeline on one machine, with one command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:finished, with --exit-when-done", ExitCodes.FAILURE_LINE,
        "2:a usage error (picocli's message and the usage on stderr; nothing was done), or some of the demo's "
            + "generated rows were rejected",
        "3:sending the demo's responses failed",
        "4:the demo's generated file was refused", ExitCodes.STOPPED_LINE},
    description = {"Runs the whole pipeline on this machine: a real Kafka broker in-process, the streams app with "
        + "its web dashboard, a few thousand synthetic responses across a dozen teams and two cycles; waits until "
        + "every response is scored and prints the team table.",
        "Then keeps the broker, the app and the dashboard running (Ctrl-C stops them) so other commands and a "
            + "browser can use them, unless --exit-when-done. Starts fresh: the demo data directory is emptied "
            + "first."})
final class DemoCommand implements Callable<Integer> {

  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration SCORES_READ_TIMEOUT = Duration.ofSeconds(30);
  /** Marks a directory the demo made, so it never empties anything else. */
  private static final String MARKER = ".feedback360-demo";

  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/demo",
      description = "Where the demo keeps the broker's logs, the app's state, the generated export and the rater "
          + "key (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
      description = "Broker client port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Mixin
  PublicationOptions publication;

  @Mixin
  GeneratorOptions generator;

  @Mixin
  HttpOptions http;

  @Option(names = "--secure",
      description = "Run the broker secured, as broker --secure does (SASL_SSL, SCRAM users, least-privilege ACLs, "
          + "client properties in DIR/broker/clients/), each part of the demo as its own principal.")
  boolean secure;

  @Option(names = "--exit-when-done",
      description = "Stop the dashboard, the app and the broker after printing the scores (no dashboard URL or "
          + "login link is printed then: they would not work).")
  boolean exitWhenDone;

  /**
   * The demo's steps, in order: data directory, broker, app and dashboard, synthetic data, wait for the scores,
   * print them; then keep running until Ctrl-C, unless --exit-when-done.
   */
  @Override
  public Integer call() throws IOException, InterruptedException {
    long started = System.nanoTime();
    publication.scoring(); // refuses an unsafe k before anything starts
    DashboardSettings httpSettings = http.settings(); // refuses a bad HTTP setting before anything starts
    Path keyFile = prepareDataDir();
    EmbeddedKafkaBroker broker = startBroker();
    AppWithDashboard dashboard = null;
    try {
      Roles roles = roles(broker);
      dashboard = startAppAndDashboard(roles.streams(), httpSettings);
      ImportSummary summary = sendSyntheticData(roles.ingest(), keyFile);
      if (summary.exitCode() != ImportSummary.EXIT_OK) {
        err().println("Error: the demo data did not go through cleanly (exit code " + summary.exitCode() + ")");
        return summary.exitCode();
      }
      awaitScored(dashboard.app(), roles.streams());
      KafkaOptions kafka = roles.analyst();
      List<TeamScores> teams =
          new ScoresReader(kafka.connection(), SCORES_READ_TIMEOUT).read(kafka.scoresTopic, null);
      printScores(teams, summary, started, dashboard);
      if (exitWhenDone) {
        return ExitCodes.OK;
      }
      printFollowUps(teams, kafka, dashboard);
      awaitCtrlC(dashboard, broker);
      return ExitCodes.OK;
    } finally {
      if (exitWhenDone || dashboard == null) {
        if (dashboard != null) {
          dashboard.close();
        }
        broker.close();
      }
    }
  }

  /** Step 1: an emptied data directory the demo owns, with a new random rater key in it; returns the key file. */
  private Path prepareDataDir() throws IOException {
    resetDataDir();
    return writeRaterKey();
  }

  /** Step 2: a real broker in-process, secured with --secure. */
  private EmbeddedKafkaBroker startBroker() {
    say(secure ? "Starting a secured Kafka broker (SASL_SSL, SCRAM, ACLs)..." : "Starting a Kafka broker...");
    EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().dataDir(dataDir.resolve("broker")).port(port);
    if (secure) {
      builder.secure();
    }
    return builder.build().start();
  }

  /** Who does what: one connection for all, or with --secure each part as its own principal. */
  private record Roles(KafkaOptions ingest, KafkaOptions streams, KafkaOptions analyst) {}

  private Roles roles(EmbeddedKafkaBroker broker) throws InterruptedException {
    if (!secure) {
      KafkaOptions kafka = KafkaOptions.defaults(broker.bootstrapServers());
      return new Roles(kafka, kafka, kafka);
    }
    SecuredPipeline pipeline = SecuredPipeline.prepare(broker, Topics.defaults(), TopicSettings.defaults());
    err().printf("Client properties per principal, for --command-config: %s%n", pipeline.clientsDir());
    return new Roles(options(pipeline, "ingest"), options(pipeline, "streams"), options(pipeline, "analyst"));
  }

  private static KafkaOptions options(SecuredPipeline pipeline, String principal) {
    return KafkaOptions.defaults(pipeline.connection(principal), pipeline.clientPropertiesFile(principal));
  }

  /** Step 3: the streams app under the default application id, and its dashboard. */
  private AppWithDashboard startAppAndDashboard(KafkaOptions kafka, DashboardSettings httpSettings) {
    StreamsOptions streamsOptions = new StreamsOptions();
    streamsOptions.applicationId = StreamsSettings.DEFAULT_APPLICATION_ID;
    streamsOptions.publication = publication;
    say("Starting the streams app and its dashboard...");
    AppWithDashboard dashboard =
        AppWithDashboard.start(streamsOptions.settings(kafka, dataDir.resolve("streams")), httpSettings);
    err().printf(exitWhenDone
        ? "Dashboard: %s, until the scores are printed (--exit-when-done then stops it)%n"
        : "Dashboard: %s (the login link follows with the scores, on stdout)%n", dashboard.url());
    return dashboard;
  }

  /** Step 4: synthetic responses written to a CSV export in the data directory, then sent as produce would. */
  private ImportSummary sendSyntheticData(KafkaOptions kafka, Path keyFile) throws IOException {
    Instrument instrument = Instrument.defaultInstrument();
    List<ResponseRow> rows = new SyntheticDataGenerator(instrument, generator.settings()).generate();
    Path export = dataDir.resolve("responses.csv");
    ResponseFileWriter.write(rows, instrument.itemIds(), InputFormat.CSV, export);
    say(String.format("Sending %,d synthetic responses from %s...", rows.size(), export));
    RaterOptions rater = new RaterOptions();
    rater.raterKeyFile = keyFile;
    Path rejects = dataDir.resolve("responses.rejects.csv");
    ImportSummary summary = ResponseImport.send(kafka, rater, export, InputFormat.CSV, rejects, err());
    ResponseImport.printSummary(err(), summary, export, rejects);
    return summary;
  }

  /** Step 5: until the app has scored every response and its last scores are committed. */
  private void awaitScored(TeamScoresApp app, KafkaOptions kafka) throws InterruptedException {
    say("Waiting until the streams app has scored every response...");
    try (Admin admin = kafka.connection().admin()) {
      CatchUp catchUp = new CatchUp(admin);
      catchUp.await(app.settings().applicationId(), app.inputTopics(), CATCH_UP_TIMEOUT);
      catchUp.awaitSettled(List.of(kafka.scoresTopic), CATCH_UP_TIMEOUT);
    }
  }

  /**
   * Step 6: the team table, how long it took, where the data lives and the dashboard's addresses (or, with
   * --exit-when-done, that everything stops now).
   */
  private void printScores(List<TeamScores> teams, ImportSummary summary, long started,
      AppWithDashboard dashboard) {
    PrintWriter out = spec.commandLine().getOut();
    out.println();
    ScoresOutput.print(out, teams, ScoresOutput.Format.table);
    out.printf("%n%d teams scored from %,d responses in %.1f s (k = %d).%n", teams.size(), summary.sent(),
        (System.nanoTime() - started) / 1e9, publication.minRaters);
    printWhatStays(out, dataDir, exitWhenDone ? null : dashboard.url(),
        exitWhenDone ? null : HttpOptions.loginHelp(dashboard, http.tokens));
    out.flush();
  }

  /**
   * Where the data lives, then the dashboard's addresses and login while it keeps running; with {@code url} null
   * (--exit-when-done) no address that is about to go away, but that everything stops and how to keep it up.
   */
  static void printWhatStays(PrintWriter out, Path dataDir, URI url, String loginHelp) {
    out.printf("Data lives in %s (broker logs, app state, the generated export responses.csv, the demo's rater "
        + "key).%n", dataDir.toAbsolutePath());
    if (url == null) {
      out.println("The broker, the streams app and the dashboard stop now (--exit-when-done); run the demo without "
          + "it to keep them running and open the dashboard.");
      return;
    }
    out.printf("Dashboard: %s  (API: %sapi/teams, description: %sapi/openapi.json)%n", url, url, url);
    out.println(loginHelp);
  }

  /** While the demo keeps running: what to try next, with the bootstrap servers it really used. */
  private void printFollowUps(List<TeamScores> teams, KafkaOptions kafka, AppWithDashboard dashboard) {
    PrintWriter out = spec.commandLine().getOut();
    String cycle = teams.isEmpty() ? "C" : teams.get(0).getCycleId();
    out.printf("The broker (%s), the streams app and the dashboard keep running. Open %s in a browser, or in "
        + "another terminal try:%n"
        + "  ./feedback360 scores %s --format table%n"
        + "  ./feedback360 scores %s --cycle %s | head -1%n"
        + "  curl -s %s'%sapi/teams?cycle=%s'%n"
        + "Press Ctrl-C to stop them.%n", kafka.bootstrapServers(), dashboard.url(), kafka.asArguments(),
        kafka.asArguments(), cycle, curlAuth(dashboard), dashboard.url(), cycle);
    out.flush();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private void say(String line) {
    err().println(line);
    err().flush();
  }

  /** The curl option that authenticates as the demo's one-off token, if it has one. */
  private static String curlAuth(AppWithDashboard dashboard) {
    return dashboard.loginUrl()
        .map(url -> "-H 'Authorization: Bearer " + url.getQuery().substring("token=".length()) + "' ")
        .orElse("");
  }

  private void awaitCtrlC(AppWithDashboard dashboard, EmbeddedKafkaBroker broker) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dashboard.close();
      broker.close();
      stopped.countDown();
    }, "feedback360-demo-shutdown"));
    stopped.await();
  }

  private void resetDataDir() throws IOException {
    boolean isEmptyDir;
    try (Stream<Path> entries = Files.exists(dataDir) ? Files.list(dataDir) : Stream.empty()) {
      isEmptyDir = entries.findAny().isEmpty();
    }
    if (!isEmptyDir && !Files.exists(dataDir.resolve(MARKER))) {
      throw new IllegalArgumentException(dataDir.toAbsolutePath() + " is not empty and was not made by the demo; "
          + "choose another --data-dir (the demo empties its directory before it starts)");
    }
    if (Files.exists(dataDir)) {
      err().println("Removing the previous demo data in " + dataDir.toAbsolutePath());
      Utils.delete(dataDir.toFile());
    }
    OwnerOnly.createDirectories(dataDir);
    Files.writeString(dataDir.resolve(MARKER), "made by ./feedback360 demo; emptied by its next run\n");
  }

  private Path writeRaterKey() throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return OwnerOnly.writeAtomically(dataDir.resolve("rater.key"),
        HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
  }
}
