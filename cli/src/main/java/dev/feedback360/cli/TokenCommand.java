package dev.feedback360.cli;

import dev.feedback360.dashboard.auth.Scope;
import dev.feedback360.dashboard.auth.TokenFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code token}: makes a dashboard token, stores its hash in the tokens file and prints the token once. */
@Command(name = "token", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE},
    description = {"Makes a token for the dashboard and its API (256 random bits), appends its SHA-256 with its "
        + "scope to the tokens file (created owner-only if missing) and prints the token once on stdout: the file "
        + "never holds it, so hand it over now.",
        "Use it as 'Authorization: Bearer <token>', or log in at http://HOST:PORT/login. Revoke it by deleting its "
            + "line from the file; running instances re-read the file when it changes."})
final class TokenCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--tokens", paramLabel = "FILE", required = true,
      description = "The tokens file the streams app reads (--http-tokens).")
  Path tokens;

  @Option(names = "--scope", paramLabel = "all|metrics|TEAM[,TEAM...]", required = true, split = ",",
      description = "What the token reads: all (every team, and the metrics), metrics (/metrics only, for "
          + "Prometheus), or the listed teams only.")
  List<String> scope = new ArrayList<>();

  @Option(names = "--cycle", paramLabel = "C", split = ",",
      description = "Only these survey cycles (repeatable; default: every cycle).")
  List<String> cycles = new ArrayList<>();

  @Option(names = "--label", paramLabel = "TEXT", defaultValue = "unnamed",
      description = "Who or what the token is for, stored with it (default: ${DEFAULT-VALUE}).")
  String label;

  @Override
  public Integer call() {
    boolean all = scope.size() == 1 && scope.get(0).strip().toLowerCase(Locale.ROOT).equals("all");
    boolean metrics = scope.size() == 1 && scope.get(0).strip().toLowerCase(Locale.ROOT).equals("metrics");
    if (metrics && !cycles.isEmpty()) {
      throw new UsageError("--scope metrics reads /metrics, which is not per cycle; drop --cycle");
    }
    Scope granted;
    try {
      granted = metrics ? Scope.metrics()
          : Scope.of(all ? List.of() : scope.stream().map(String::strip).toList(),
              cycles.stream().map(String::strip).toList());
    } catch (IllegalArgumentException e) {
      // The scope refuses a value of --scope or --cycle, naming it.
      throw new UsageError(e.getMessage(), e);
    }
    String token = TokenFile.append(tokens, granted, label, Instant.now());
    spec.commandLine().getOut().println(token);
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().printf("Token '%s' for %s added to %s (its hash only; the token above is not "
        + "stored anywhere: keep it like a password). Use it as 'Authorization: Bearer <token>' or log in at "
        + "http://HOST:PORT/login.%n", label, granted.describe(), tokens);
    return ExitCodes.OK;
  }
}
