package dev.feedback360.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.Topics;
import java.io.File;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard end to end in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): the
 * login prompt without credentials, the login URL, then the numbers on the page equal the API's, and a new response shows up live, without a reload. Saves screenshots under
 * {@code target/}. Without Chromium this test fails, on purpose: CI must install it.
 */
class DashboardBrowserIT {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardBrowserIT.class);
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  /** A second cycle, with one team, for switching cycles by the address. */
  private static final String NEXT_CYCLE = "2027-H1";

  @TempDir
  static Path dir;

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  private static Topics topics;
  private static ServedApp dashboard;
  private static KafkaProducer<byte[], byte[]> producer;
  private static KafkaProducer<String, String> participation;

  @BeforeAll
  static void startAppWithScores() throws Exception {
    topics = UniqueTopics.create();
    dashboard = ServedApp.start(Fixtures.settings(BROKER, "browser-it", dir.resolve("state"), topics),
        Fixtures.http());
    producer = Fixtures.producer(BROKER);
    List<SurveyResponse> responses = new ArrayList<>(Fixtures.workedExample());
    responses.add(Fixtures.lonePeer("T2", 8));
    responses.addAll(Fixtures.profile("Payments", 5, new int[] {4, 4, 3}, new int[] {2, 3, 3}, 10));
    responses.addAll(Fixtures.profile("Platform", 4, new int[] {3, 3, 4}, new int[] {3, 3, 3}, 20));
    responses.addAll(Fixtures.profile("Operations", 6, new int[] {2, 2, 2}, new int[] {4, 4, 3}, 30));
    responses.addAll(Fixtures.profile("Customer Care", 3, new int[] {4, 5, 3}, new int[] {3, 3, 4}, 40));
    responses.add(Fixtures.response(NEXT_CYCLE, "Next", "S9", "P9", RaterGroup.PEER, 50, "CHANGE_L1=4"));
    Fixtures.send(producer, topics, responses);
    // Sales has nominations but no scores yet: its MANAGER group is at risk (1 of k = 3 counted).
    participation = ParticipationRecords.producer(BROKER);
    ParticipationRecords.send(participation, topics.participationJson(), Fixtures.CYCLE, "Sales", salesParticipation(
        6, 4, "0.6666666666666666", ParticipationRecords.group("MANAGER", 2, 1, 1, 3)));
    await().atMost(PATIENCE).untilAsserted(() -> {
      JsonNode teams = Http.json(Http.get(dashboard.url(), "/api/teams?cycle=" + Fixtures.CYCLE)).get("teams");
      assertThat(teams).hasSize(6);
      assertThat(Http.json(Http.get(dashboard.url(), Http.teamPath("T1", Fixtures.CYCLE))).get("updatedAt")
          .asText()).isEqualTo("2026-10-01T09:00:03Z");
    });
  }

  @AfterAll
  static void stop() {
    if (producer != null) {
      producer.close();
    }
    if (participation != null) {
      participation.close();
    }
    if (dashboard != null) {
      dashboard.close();
    }
  }

  @Test
  void shouldShowTheApisNumbersAndUpdateLiveWithoutAReload() throws Exception {
    assertThat(CHROMIUM).as("Chromium is required for the browser test; install it with: "
        + "apt-get install -y chromium chromium-driver").isExecutable();
    assertThat(CHROMEDRIVER).as("chromedriver is required for the browser test; install it with: "
        + "apt-get install -y chromium chromium-driver").isExecutable();
    WebDriver browser = chromium();
    try {
      // Without credentials: the login prompt, and no team data anywhere on the page.
      browser.get(dashboard.url() + "#cycle=" + Fixtures.CYCLE);
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
        assertThat(browser.getCurrentUrl()).startsWith(dashboard.url() + "login");
        assertThat(browser.findElement(By.id("login")).getText()).contains("login link the server printed");
      });
      assertThat(browser.findElements(By.id("teams"))).isEmpty();
      assertThat(browser.getPageSource()).doesNotContain("T1").doesNotContain("Payments");
      screenshot(browser, "dashboard-login.png");

      // A wrong token typed into the form: refused, still no data.
      browser.findElement(By.id("token")).sendKeys("f360_mistyped");
      browser.findElement(By.cssSelector(".login-form button")).click();
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(
          () -> assertThat(browser.findElement(By.id("login-message")).getText()).contains("That token is not valid"));
      assertThat(browser.manage().getCookieNamed("feedback360_session")).isNull();

      // The login URL the server prints: a session cookie, and the page without the token in its address.
      browser.get(dashboard.url() + "login?token=" + Fixtures.ALL_TOKEN);
      await().atMost(PATIENCE).ignoreExceptions()
          .untilAsserted(() -> assertThat(browser.getCurrentUrl()).isEqualTo(dashboard.url().toString()));
      assertThat(browser.manage().getCookieNamed("feedback360_session").isHttpOnly()).isTrue();
      assertThat(browser.manage().getCookieNamed("feedback360_session").getValue()).isNotEqualTo(Fixtures.ALL_TOKEN);
      browser.get(dashboard.url() + "#cycle=" + Fixtures.CYCLE);
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
        assertThat(browser.findElement(By.id("live")).getAttribute("data-state")).isEqualTo("live");
        assertThat(browser.findElements(By.cssSelector("#teams tbody tr"))).hasSize(6);
      });

      JsonNode t1 = team("T1");
      WebElement row = row(browser, "T1");
      assertThat(cell(row, "style").getText()).isEqualTo("LEADING");
      assertThat(cell(row, "balance-CHANGE").getText()).isEqualTo(signed(t1.at("/axes/CHANGE/balance").asDouble()));
      assertThat(cell(row, "balance-overall").getText()).isEqualTo(signed(t1.at("/overall/balance").asDouble()));
      assertThat(cell(row, "balance-HORIZON").getText()).isEqualTo("fewer than 3 raters");
      assertThat(chip(row, "PEER").getText()).isEqualTo("Peers 3");
      assertThat(chip(row, "MANAGER").getAttribute("class")).contains("below-k");
      // What the strike-through means is on the page, not in a tooltip only, and the chip is described by it.
      assertThat(description(browser, chip(row, "MANAGER")))
          .contains("struck-through rater group has fewer than k raters: it is left out of the scores");
      WebElement suppressed = row(browser, "T2");
      assertThat(suppressed.getAttribute("class")).contains("suppressed");
      assertThat(suppressed.getText()).contains("Suppressed: fewer than 3 raters");
      assertThat(browser.findElement(By.id("count-SUPPRESSED")).getText()).isEqualTo("1");

      // A plain table row whose cells screen readers reach; the team name is the button that opens the team, and
      // Enter on it moves the focus to the team view's heading.
      assertThat(row.getAriaRole()).isEqualTo("row");
      assertThat(row.findElements(By.tagName("td"))).hasSize(7).allSatisfy(td -> assertThat(td.getAriaRole())
          .isEqualTo("cell"));
      WebElement open = row.findElement(By.cssSelector("td.team-name button[data-field=open-team]"));
      assertThat(open.getAriaRole()).isEqualTo("button");
      assertThat(open.getAccessibleName()).isEqualTo("T1");
      open.sendKeys(Keys.ENTER);
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
        assertThat(browser.findElement(By.id("team-title")).getText()).isEqualTo("T1 · " + Fixtures.CYCLE);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("team-title");
      });
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(barValue(browser, "CHANGE", "leader"))
          .isEqualTo(twoDecimals(t1.at("/axes/CHANGE/leader/mean"))));
      assertThat(barValue(browser, "CHANGE", "manager")).isEqualTo(twoDecimals(t1.at("/axes/CHANGE/manager/mean")));
      assertThat(browser.findElement(By.cssSelector("#team-axes [data-axis=HORIZON] [data-field=leader]")).getText())
          .contains("fewer than 3 raters");
      // One self-rater, fewer than k: no self-view.
      assertThat(t1.at("/axes/CHANGE/selfBalance").isNull()).isTrue();
      assertThat(browser.findElement(By.cssSelector("#team-gaps [data-axis=CHANGE] [data-field=gap]")).getText())
          .isEqualTo("self-view: fewer than 3 raters rated themselves");
      // P1 and P2 scored FOCUS leader, P3 did not: two changes wait on the peers' part of that cell.
      // Every kind of change waits (answers, corrections, withdrawals), and sometimes longer than N.
      assertThat(browser.findElement(By.cssSelector("#team-status [data-field=pending]")).getText())
          .startsWith("2 raters' changes (answers, corrections, withdrawals) are not shown yet: a group's scores "
              + "change once 3 of its raters have changed, and sometimes wait for more, so that no single rater's "
              + "answers can be read from the difference");
      screenshot(browser, "dashboard-before-update.png");

      ((JavascriptExecutor) browser).executeScript("window.__sameDocument = 'yes';");
      // A fourth peer on T1: counted at once, but held back (one changed peer, fewer than N = 3), and the page
      // says so instead of passing the scores off as current.
      Fixtures.send(producer, topics, List.of(Fixtures.response("T1", "S2", "P4", RaterGroup.PEER, 20,
          "CHANGE_L1=5 CHANGE_L2=5 CHANGE_M1=1 CHANGE_M2=1")));
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
        assertThat(chip(row(browser, "T1"), "PEER").getText()).isEqualTo("Peers 4");
        assertThat(row(browser, "T1").findElement(By.cssSelector("[data-field=pending]")).getText())
            .isEqualTo("3 pending");
      });
      assertThat(description(browser, row(browser, "T1").findElement(By.cssSelector("[data-field=pending]"))))
          .contains("changes (answers, corrections, withdrawals) are not shown yet");
      assertThat(team("T1").at("/axes/CHANGE/leader/mean").asDouble()).isEqualTo(25.0 / 6);
      assertThat(barValue(browser, "CHANGE", "leader")).isEqualTo("4.17");

      // Two more peers with the same answers: three changed peers, their part is published.
      Fixtures.send(producer, topics, List.of(
          Fixtures.response("T1", "S2", "P5", RaterGroup.PEER, 21, "CHANGE_L1=5 CHANGE_L2=5 CHANGE_M1=1 CHANGE_M2=1"),
          Fixtures.response("T1", "S2", "P6", RaterGroup.PEER, 22, "CHANGE_L1=5 CHANGE_L2=5 CHANGE_M1=1 CHANGE_M2=1")));
      await().atMost(PATIENCE).ignoreExceptions()
          .untilAsserted(() -> assertThat(chip(row(browser, "T1"), "PEER").getText()).isEqualTo("Peers 6"));
      JsonNode updated = team("T1");
      // Leader answers 5,4,4,4,3,5 plus three times 5,5: 55/12; manager 2,3,3,2,1,2 plus three times 1,1: 19/12.
      assertThat(updated.at("/axes/CHANGE/leader/mean").asDouble()).isEqualTo(55.0 / 12);
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
        assertThat(cell(row(browser, "T1"), "balance-CHANGE").getText())
            .isEqualTo(signed(updated.at("/axes/CHANGE/balance").asDouble()));
        assertThat(barValue(browser, "CHANGE", "leader")).isEqualTo("4.58");
        assertThat(barValue(browser, "CHANGE", "manager")).isEqualTo("1.58");
      });
      assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument;"))
          .as("the page updated in place, without a reload").isEqualTo("yes");

      // The view follows its address: a hash typed, bookmarked or gone back to switches team and cycle.
      navigateHash(browser, "cycle=" + Fixtures.CYCLE + "&team=T2");
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(
          () -> assertThat(browser.findElement(By.id("team-title")).getText()).isEqualTo("T2 · " + Fixtures.CYCLE));
      navigateHash(browser, "cycle=" + NEXT_CYCLE);
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
        assertThat(browser.findElements(By.cssSelector("#teams tbody tr"))).extracting(r -> r.getAttribute("data-team"))
            .containsExactly("Next");
        assertThat(browser.findElement(By.id("team")).isDisplayed()).isFalse();
      });
      navigateHash(browser, "cycle=" + Fixtures.CYCLE + "&team=T1");
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
        assertThat(browser.findElements(By.cssSelector("#teams tbody tr"))).hasSize(6);
        assertThat(browser.findElement(By.id("team-title")).getText()).isEqualTo("T1 · " + Fixtures.CYCLE);
        assertThat(barValue(browser, "CHANGE", "leader")).isEqualTo("4.58");
      });
      assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument;"))
          .as("hash changes switch the view in place").isEqualTo("yes");
      showsParticipation(browser);
      navigateHash(browser, "cycle=" + Fixtures.CYCLE + "&team=T1");
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(
          () -> assertThat(browser.findElement(By.id("team-title")).getText()).isEqualTo("T1 · " + Fixtures.CYCLE));
      browser.manage().window().setSize(new Dimension(1440, 1800));
      ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
      screenshot(browser, "dashboard-e2e.png");

      browser.manage().window().setSize(new Dimension(390, 1600));
      await().atMost(PATIENCE).ignoreExceptions()
          .untilAsserted(() -> assertThat(browser.findElement(By.cssSelector("#teams thead")).isDisplayed()).isFalse());
      ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
      screenshot(browser, "dashboard-phone-team.png");
      browser.findElement(By.id("team-close")).click();
      screenshot(browser, "dashboard-phone.png");
    } finally {
      browser.quit();
    }
  }

  @Test
  void shouldNeverShowABalanceAcrossAStyleThresholdItsExactValueDoesNotCross() throws Exception {
    WebDriver browser = chromium();
    try {
      logIn(browser);
      JavascriptExecutor page = (JavascriptExecutor) browser;
      // Two decimals toward zero: 0.4967 is BALANCED (below +0.50), so it reads +0.49, not the rounded +0.50.
      assertThat(page.executeScript("return window.feedback360.signed(0.4967);")).isEqualTo("+0.49");
      assertThat(page.executeScript("return window.feedback360.signed(-0.4967);")).isEqualTo("\u22120.49");
      assertThat(page.executeScript("return window.feedback360.signed(0.49999999);")).isEqualTo("+0.49");
      assertThat(page.executeScript("return window.feedback360.signed(0.5);")).isEqualTo("+0.50");
      assertThat(page.executeScript("return window.feedback360.signed(-0.5);")).isEqualTo("\u22120.50");
      // 0.29 is 0.28999999999999998 as a double: still 0.29; a hair above zero reads 0.00, unsigned.
      assertThat(page.executeScript("return window.feedback360.signed(0.29);")).isEqualTo("+0.29");
      assertThat(page.executeScript("return window.feedback360.signed(1.8333333333333335);")).isEqualTo("+1.83");
      assertThat(page.executeScript("return window.feedback360.signed(0.004);")).isEqualTo("0.00");
      assertThat(browser.findElement(By.cssSelector(".howto")).getAttribute("textContent"))
          .contains("cut to two decimals toward zero");
    } finally {
      browser.quit();
    }
  }

  @Test
  void shouldSayThatTheCycleOfALinkWasNotFoundInsteadOfShowingAnother() throws Exception {
    WebDriver browser = chromium();
    try {
      logIn(browser);
      navigateHash(browser, "cycle=2024-H1&team=team-01");
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(
          browser.findElement(By.id("cycle-missing")).getText()).isEqualTo(
              "Cycle 2024-H1 was not found: no team "
                  + "has scores or participation in it. The cycles there are: " + Fixtures.CYCLE + ", " + NEXT_CYCLE
                  + "; choose one above."));
      assertThat(browser.findElements(By.cssSelector("#teams tbody tr"))).isEmpty();
      assertThat(browser.findElements(By.cssSelector("#participation-teams tbody tr"))).isEmpty();
      assertThat(browser.findElement(By.id("team")).isDisplayed()).isFalse();
      assertThat(browser.findElement(By.id("cycle")).getAttribute("value")).isEmpty();

      // Choosing a cycle shows it and the message goes.
      new Select(browser.findElement(By.id("cycle"))).selectByValue(NEXT_CYCLE);
      await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
        assertThat(browser.findElements(By.cssSelector("#teams tbody tr"))).extracting(r -> r.getAttribute("data-team"))
            .containsExactly("Next");
        assertThat(browser.findElement(By.id("cycle-missing")).isDisplayed()).isFalse();
      });
    } finally {
      browser.quit();
    }
  }

  @Test
  void shouldLogOutWithTheButtonOnThePage() throws Exception {
    WebDriver browser = chromium();
    try {
      logIn(browser);
      WebElement logout = browser.findElement(By.id("logout"));
      assertThat(logout.isDisplayed()).isTrue();
      assertThat(logout.getText()).isEqualTo("Log out");

      logout.click();

      await().atMost(PATIENCE).ignoreExceptions()
          .untilAsserted(() -> assertThat(browser.getCurrentUrl()).isEqualTo(dashboard.url() + "login"));
      assertThat(browser.manage().getCookieNamed("feedback360_session")).isNull();
      browser.get(dashboard.url().toString());
      await().atMost(PATIENCE).ignoreExceptions()
          .untilAsserted(() -> assertThat(browser.getCurrentUrl()).startsWith(dashboard.url() + "login"));
      assertThat(browser.findElements(By.id("teams"))).isEmpty();
    } finally {
      browser.quit();
    }
  }

  /** Logs in with the login URL and opens the page on the fixtures' cycle, once its teams are shown. */
  private static void logIn(WebDriver browser) {
    browser.get(dashboard.url() + "login?token=" + Fixtures.ALL_TOKEN);
    await().atMost(PATIENCE).ignoreExceptions()
        .untilAsserted(() -> assertThat(browser.getCurrentUrl()).isEqualTo(dashboard.url().toString()));
    browser.get(dashboard.url() + "#cycle=" + Fixtures.CYCLE);
    await().atMost(PATIENCE).ignoreExceptions()
        .untilAsserted(() -> assertThat(browser.findElements(By.cssSelector("#teams tbody tr"))).isNotEmpty());
  }

  /**
   * The participation overview lists Sales first (at risk), its view shows a bar per group with the numbers of the
   * topic and the at-risk group highlighted, and a change of its participation shows up live.
   */
  private static void showsParticipation(WebDriver browser) throws Exception {
    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
      WebElement first = browser.findElement(By.cssSelector("#participation-teams tbody tr"));
      assertThat(first.getAttribute("data-team")).isEqualTo("Sales");
      assertThat(first.getAttribute("class")).contains("at-risk");
      assertThat(first.findElement(By.cssSelector("[data-field=responded]")).getText()).isEqualTo("4 of 6");
      assertThat(first.findElement(By.cssSelector("[data-field=rate]")).getText()).isEqualTo("67%");
      assertThat(first.findElement(By.cssSelector("[data-field=at-risk]")).getText()).isEqualTo("Managers");
      assertThat(first.findElement(By.cssSelector("[data-field=unnominated]")).getText()).isEqualTo("1");
      assertThat(first.getAriaRole()).isEqualTo("row");
      assertThat(first.findElements(By.tagName("td"))).hasSize(5).allSatisfy(td -> assertThat(td.getAriaRole())
          .isEqualTo("cell"));
      assertThat(first.findElement(By.cssSelector("td.team-name button")).getAccessibleName()).isEqualTo("Sales");
    });
    navigateHash(browser, "cycle=" + Fixtures.CYCLE + "&team=Sales");
    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
      assertThat(browser.findElement(By.id("team-title")).getText()).isEqualTo("Sales · " + Fixtures.CYCLE);
      WebElement manager = participationGroup(browser, "MANAGER");
      assertThat(manager.getAttribute("class")).contains("at-risk");
      assertThat(manager.findElement(By.cssSelector("[data-field=responded]")).getText()).isEqualTo("1 of 2");
      assertThat(manager.findElement(By.cssSelector("[data-field=rate]")).getText()).isEqualTo("50%");
      assertThat(manager.findElement(By.cssSelector("[data-field=counted]")).getText()).isEqualTo("counted 1 of k = 3");
      assertThat(manager.getText()).contains("at risk");
    });
    // Nominations but no scores, ever: not "no scores any more", no empty scores headings, and no 404 asked for.
    assertThat(browser.findElement(By.id("team-status")).getText())
        .isEqualTo("No scores yet: none of this team's answers is counted in the scores so far.");
    assertThat(browser.findElement(By.id("team-scores-detail")).isDisplayed()).isFalse();
    assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
        .filteredOn(entry -> entry.getLevel().equals(Level.SEVERE))
        .extracting(LogEntry::getMessage)
        .noneMatch(message -> message.contains("/api/teams/Sales"));
    WebElement peer = participationGroup(browser, "PEER");
    assertThat(peer.getAttribute("class")).doesNotContain("at-risk");
    assertThat(peer.findElement(By.cssSelector("[data-field=responded]")).getText()).isEqualTo("3 of 4");
    assertThat(peer.findElement(By.cssSelector("[data-field=rate]")).getText()).isEqualTo("75%");
    assertThat(peer.findElement(By.cssSelector("[data-field=counted]")).getText()).isEqualTo("counted 3 of k = 3");
    assertThat(browser.findElement(By.cssSelector("#team-participation [data-field=unnominated]")).getText())
        .isEqualTo("1 response without a nomination (counted in the scores: open roster)");
    screenshot(browser, "dashboard-participation.png");

    // A third manager is nominated and all three answer: no group at risk any more, live.
    ParticipationRecords.send(participation, topics.participationJson(), Fixtures.CYCLE, "Sales", salesParticipation(
        7, 6, "0.8571428571428571", ParticipationRecords.group("MANAGER", 3, 3, 3, 3)));
    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
      WebElement manager = participationGroup(browser, "MANAGER");
      assertThat(manager.getAttribute("class")).doesNotContain("at-risk");
      assertThat(manager.findElement(By.cssSelector("[data-field=responded]")).getText()).isEqualTo("3 of 3");
      assertThat(browser.findElement(By.cssSelector("#participation-teams tbody tr[data-team=Sales]"))
          .getAttribute("class")).doesNotContain("at-risk");
    });
  }

  private static WebElement participationGroup(WebDriver browser, String group) {
    return browser.findElement(By.cssSelector("#team-participation .part-row[data-group=" + group + "]"));
  }

  /** Sales' participation: the given MANAGER group, four peers of whom three answered, one unnominated response. */
  private static String salesParticipation(int invited, int responded, String rate, String manager) {
    return ParticipationRecords.value(Fixtures.CYCLE, "Sales", invited, responded, rate, 1, "2026-10-01T10:00:00Z",
        manager, ParticipationRecords.group("PEER", 4, 3, 3, 3));
  }

  private static void navigateHash(WebDriver browser, String hash) {
    ((JavascriptExecutor) browser).executeScript("location.hash = arguments[0];", hash);
  }

  private static WebDriver chromium() throws Exception {
    // A profile of its own per browser: no test starts with another's session cookie.
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        "--window-size=1400,1000", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  private static JsonNode team(String team) {
    HttpResponse<String> response = Http.get(dashboard.url(), Http.teamPath(team, Fixtures.CYCLE));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Http.json(response);
  }

  private static WebElement row(WebDriver browser, String team) {
    return browser.findElement(By.cssSelector("#teams tbody tr[data-team='" + team + "']"));
  }

  private static WebElement cell(WebElement row, String field) {
    return row.findElement(By.cssSelector("td[data-field='" + field + "']"));
  }

  /** The text of the element an element's {@code aria-describedby} names (its accessible description), shown. */
  private static String description(WebDriver browser, WebElement element) {
    String id = element.getAttribute("aria-describedby");
    assertThat(id).as("aria-describedby of %s", element.getText()).isNotBlank();
    WebElement description = browser.findElement(By.id(id));
    assertThat(description.isDisplayed()).as("%s is visible, not a tooltip only", id).isTrue();
    return description.getText();
  }

  private static WebElement chip(WebElement row, String group) {
    return row.findElement(By.cssSelector(".rater-chip[data-group='" + group + "']"));
  }

  private static String barValue(WebDriver browser, String axis, String pole) {
    return browser.findElement(By.cssSelector("#team-axes [data-axis=" + axis + "] [data-field=" + pole
        + "] .bar-value")).getText();
  }

  /** The page's number format: two decimals rounded toward zero, a sign, a real minus. */
  private static String signed(double value) {
    String text = new BigDecimal(Math.abs(value)).setScale(6, RoundingMode.HALF_UP).setScale(2, RoundingMode.DOWN)
        .toPlainString();
    if (text.equals("0.00")) {
      return text;
    }
    return (value > 0 ? "+" : "\u2212") + text;
  }

  private static String twoDecimals(JsonNode value) {
    return String.format(Locale.ROOT, "%.2f", value.asDouble());
  }

  private static void screenshot(WebDriver browser, String name) throws Exception {
    Path target = Files.createDirectories(Path.of("target"));
    Path file = target.resolve(name);
    Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    LOG.info("Screenshot of the dashboard: {}", file.toAbsolutePath());
  }
}
