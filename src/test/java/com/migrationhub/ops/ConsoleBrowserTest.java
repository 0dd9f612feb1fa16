package com.migrationhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.migrationhub.HubRuntime;
import com.migrationhub.HubServices;
import com.migrationhub.core.BatchLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real headless chromium against a hub started as {@code ./hub run} starts (every route
 * file, HTTP on a free loopback port, a token set), on the shipped samples. Each test leaves a screenshot in
 * target/console-screenshots/.
 */
class ConsoleBrowserTest {

    /** A failing test leaves what the browser showed beside the others, named after it. */
    @RegisterExtension
    final TestWatcher onFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (chromium != null) {
                chromium.screenshot("FAILED-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    private static final String TOKEN = "console-s3cret";
    private static HeadlessChromium chromium;

    @TempDir
    Path home;

    private OpsHubRig hub;
    private WebDriverWait wait;

    @BeforeAll
    static void browser() {
        chromium = HeadlessChromium.start();
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void hub() {
        hub = new OpsHubRig(home, TOKEN, HubRuntime.ROUTE_FILES);
        chromium.size(1280, 1000);
        wait = new WebDriverWait(chromium.driver, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HubServices services() {
        return hub.services();
    }

    private void open(String path) {
        chromium.driver.get(hub.url(path));
    }

    private void drop(String resource, String folder, String asName) throws Exception {
        hub.drop(resource, folder, asName);
    }

    private List<BatchLedger.Batch> finished(String flow) {
        return services().ledger().recent(flow, 100).stream().filter(b -> !BatchLedger.RUNNING.equals(b.status())).toList();
    }

    private void awaitBatches(String flow, int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> finished(flow).size() >= n);
    }

    private WebElement shown(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void textAppears(By by, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** The token dialog the page shows on the first change: the token once, and a name for the change log. */
    private void giveToken(String name) {
        WebElement dialog = shown(By.id("auth"));
        dialog.findElement(By.name("token")).sendKeys(TOKEN);
        WebElement operator = dialog.findElement(By.name("operator"));
        operator.clear();
        operator.sendKeys(name);
        dialog.findElement(By.cssSelector("button[value=ok]")).click();
    }

    /** At a phone's width the page shows {@code what} without sideways scrolling; a screenshot named {@code name}. */
    private void fitsAPhone(By what, String name) {
        chromium.size(390, 844);
        shown(what);
        assertThat((Long) chromium.driver.executeScript("return document.documentElement.scrollWidth")).as("no sideways scrolling on a phone")
                .isLessThanOrEqualTo(400L);
        chromium.screenshot(name);
    }

    private JsonNode getJson(String path) throws Exception {
        return hub.getJson(path);
    }

    private long backlog(String flow) throws Exception {
        return getJson("/api/status").at("/flows/" + flow + "/dead_letter_backlog").asLong();
    }

    @Test
    void overviewShowsEveryFlowAndUpdatesItselfWhenAFileLands() throws Exception {
        open("/");
        for (String flow : List.of("ppak", "innergy", "rmos", "extruder")) {
            shown(By.id("flow-" + flow));
        }
        textAppears(By.cssSelector("#flow-ppak .loaded dd"), "0");
        chromium.driver.executeScript("window.__samePage = true;");

        drop("samples/ppak/projects_2024-01-15.csv", "ppak", "projects_2024-01-15.csv");
        textAppears(By.cssSelector("#flow-ppak .loaded dd"), "6");
        textAppears(By.cssSelector("#flow-ppak .backlog dd"), "4");
        textAppears(By.cssSelector("#flow-ppak .badge"), "attention");
        assertThat(chromium.driver.executeScript("return window.__samePage === true")).as("updated without a reload").isEqualTo(true);
        assertThat(chromium.driver.findElement(By.cssSelector("#flow-ppak .last")).getText()).contains("projects_2024-01-15.csv");
        assertThat(chromium.driver.findElements(By.cssSelector("#flow-ppak .spark canvas"))).as("24 h throughput chart").isNotEmpty();
        chromium.screenshot("overview");

        fitsAPhone(By.id("flow-ppak"), "overview-phone");
    }

    @Test
    void theInReviewRejectLoadsFromTheBrowserAlone() throws Exception {
        drop("samples/ppak/projects_2024-01-15.csv", "ppak", "projects_2024-01-15.csv");
        awaitBatches("ppak", 1);
        assertThat(backlog("ppak")).isEqualTo(4);
        String before = Files.readString(home.resolve("mappings/status_mapping.csv"));

        open("/#/dead-letters?flow=ppak");
        shown(By.id("dead-letters"));
        chromium.driver.findElements(By.cssSelector("#dead-letters tbody tr")).stream()
                .filter(tr -> tr.getText().contains("In Review")).findFirst().orElseThrow()
                .findElement(By.cssSelector("td.reason")).click();
        WebElement original = shown(By.id("original"));
        assertThat(original.getText()).contains("Pike Place Retail Fixtures").contains("In Review");
        assertThat(chromium.driver.findElement(By.cssSelector("dl.facts")).getText()).contains("projects_2024-01-15.csv")
                .contains("status `In Review` unmapped");

        WebElement fix = shown(By.id("fix"));
        assertThat(new Select(fix.findElement(By.name("canonical"))).getOptions()).extracting(WebElement::getText)
                .contains("in_progress (INNERGY Active)", "on_hold (INNERGY OnHold)");
        new Select(fix.findElement(By.name("canonical"))).selectByValue("in_progress");
        fix.findElement(By.id("save-mapping")).click();
        giveToken("Dana Ruiz");
        textAppears(By.id("replay-result"), "1 loaded, 0 rejected again");
        assertThat(chromium.driver.findElement(By.id("replay-result")).getText()).contains("status_mapping.csv").contains("Dana Ruiz");
        textAppears(By.cssSelector("h2 .badge"), "replayed");
        chromium.screenshot("dead-letter-fixed");

        // the row is in the canonical store, the file kept every line and gained one, the edit is on record
        assertThat(services().ppak().store().projectNumbersByJobId(java.util.Set.of("1004"))).containsKey("1004");
        String after = Files.readString(home.resolve("mappings/status_mapping.csv"));
        assertThat(after).startsWith(before).endsWith("In Review,in_progress,Active,added from the console by Dana Ruiz\n");
        assertThat(Files.readString(home.resolve("logs/mapping-edits.jsonl"))).contains("\"operator\":\"Dana Ruiz\"")
                .contains("\"value\":\"In Review\"");
        assertThat(backlog("ppak")).isEqualTo(3);

        open("/");
        textAppears(By.cssSelector("#flow-ppak .backlog dd"), "3");
        textAppears(By.cssSelector("#flow-ppak .loaded dd"), "7");
        chromium.screenshot("overview-after-fix");
    }

    @Test
    void replayByClickShowsWhatHappenedToEachDeadLetter() throws Exception {
        drop("samples/ppak/projects_2024-01-15.csv", "ppak", "projects_2024-01-15.csv");
        awaitBatches("ppak", 1);
        // the mapping fixed by hand, as an operator with a shell would
        Files.writeString(home.resolve("mappings/status_mapping.csv"), "In Review,in_progress,Active,\n",
                java.nio.file.StandardOpenOption.APPEND);

        open("/#/dead-letters");
        shown(By.id("dead-letters"));
        WebElement inReview = chromium.driver.findElements(By.cssSelector(".reasons .reason")).stream()
                .filter(r -> r.getText().contains("In Review")).findFirst().orElseThrow();
        inReview.findElement(By.tagName("button")).click();
        giveToken("Sam");
        textAppears(By.id("replay-result"), "Replayed 1: 1 loaded, 0 rejected again.");
        assertThat(backlog("ppak")).isEqualTo(3);

        open("/#/dead-letters?flow=ppak");
        List<WebElement> picks = wait.until(d -> {
            List<WebElement> p = d.findElements(By.cssSelector("#dead-letters input.pick"));
            return p.size() == 3 ? p : null;
        });
        picks.get(0).click();
        picks.get(1).click();
        WebElement replay = shown(By.id("replay-selected"));
        assertThat(replay.getText()).isEqualTo("Replay 2 selected");
        replay.click();
        textAppears(By.id("replay-result"), "Replayed 2: 0 loaded, 2 rejected again.");
        assertThat(chromium.driver.findElement(By.id("replay-result")).getText()).contains("rejected again: ");
        chromium.screenshot("dead-letters-replayed");
        assertThat(backlog("ppak")).isEqualTo(3);
    }

    @Test
    void rollbackNamesWhatGoesAndShowsTheRefusal() throws Exception {
        drop("samples/ppak/projects_2024-01-15.csv", "ppak", "projects_2024-01-15.csv");
        awaitBatches("ppak", 1);
        drop("samples/ppak/projects_2024-02-01.csv", "ppak", "projects_2024-02-01.csv");
        awaitBatches("ppak", 2);
        long first = finished("ppak").get(1).id();
        long second = finished("ppak").get(0).id();

        open("/#/batches");
        shown(By.cssSelector("#batches tr[data-id='" + first + "']")).click();
        shown(By.id("roll-back")).click();
        WebElement confirm = shown(By.id("confirm"));
        assertThat(confirm.getText()).contains("batch " + first + " (ppak, projects_2024-01-15.csv)").contains("the 6 rows it loaded");
        confirm.findElement(By.cssSelector("button[value=ok]")).click();
        giveToken("Kim");
        textAppears(By.id("rollback-result"), "Refused: batch " + second + " has since loaded over 1 of its rows");
        chromium.screenshot("rollback-refused");

        open("/#/batches/" + second);
        shown(By.id("roll-back")).click();
        shown(By.id("confirm")).findElement(By.cssSelector("button[value=ok]")).click();
        textAppears(By.id("rollback-result"), "Rolled back:");
        assertThat(services().ledger().find(second).status()).isEqualTo(BatchLedger.ROLLED_BACK);
    }

    @Test
    void theCutoverPageShowsTheChecklistPerTargetAndTheLastChecksResults() throws Exception {
        Path logs = Files.createDirectories(home.resolve("controller/logs"));
        Files.copy(Path.of("samples/extruder/logs/run_20251201_183000.csv"), logs.resolve("run_20251201_183000.csv"));
        com.migrationhub.cli.CommandRun check = com.migrationhub.cli.CommandRun.inHome(home, "cutover", "check", "--target", "staging",
                "--logs", logs.toString(), "--skip", "logs.estimate");
        assertThat(check.exitCode()).as(check.stdout()).isZero();

        open("/");
        shown(By.cssSelector("nav a[data-view=cutover]")).click();
        WebElement checks = shown(By.id("checks-staging"));
        assertThat(chromium.driver.findElement(By.cssSelector("nav a.active")).getText()).isEqualTo("Cut-over");
        List<WebElement> rows = checks.findElements(By.cssSelector("tbody tr"));
        assertThat(rows).extracting(r -> r.getDomAttribute("data-id")).containsExactlyElementsOf(CutoverApiTest.CHECK_IDS);
        for (JsonNode c : check.json().get("checks")) {
            WebElement row = checks.findElement(By.cssSelector("tr[data-id='" + c.get("id").asText() + "']"));
            assertThat(row.getDomAttribute("data-status")).isEqualTo(c.get("status").asText());
            assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo(c.get("status").asText());
            if (!c.get("fix").isNull()) {
                assertThat(row.getText()).contains(c.get("fix").asText());
            }
        }
        assertThat(checks.findElement(By.cssSelector("tr[data-id='logs.inventory'] .evidence")).getText()).contains("estimated_rows: 4085");
        WebElement staging = shown(By.id("checklist-staging"));
        assertThat(staging.findElement(By.cssSelector("tr[data-id=schema]")).getText()).contains("done").contains("cutover check on")
                .contains("outbox/reports/cutover_check_staging_");
        assertThat(staging.findElement(By.cssSelector("tr[data-id=prechecks]")).getText()).contains("not yet");
        assertThat(shown(By.id("checks-production")).getText()).contains("No pre-checks yet: ./hub cutover check --target production");
        assertThat(shown(By.id("cutover-lever")).getText()).contains("database writes on (from hub.extruder.db-writes)")
                .contains("Active target: staging");
        assertThat(chromium.driver.findElements(By.cssSelector("main script, main img"))).isEmpty();
        chromium.size(1280, 2600);
        chromium.screenshot("cutover");

        // the lever thrown from a shell shows on the page at its next refresh, without a reload
        assertThat(com.migrationhub.cli.CommandRun.inHome(home, "cutover", "db-writes", "off").exitCode()).isZero();
        textAppears(By.id("cutover-lever"), "database writes off (from data/cutover/db-writes)");
    }

    @Test
    void extruderRunChartDrawsItsSamplesWithAlarmAndEventMarkers() throws Exception {
        for (String c : List.of("config_2025-11-26.json", "config_2025-12-02.json", "config_2025-12-05.json")) {
            drop("samples/extruder/config/" + c, "extruder/config", c);
        }
        awaitBatches("extruder", 3);
        drop("samples/extruder/logs/run_20251201_183000.csv", "extruder/logs", "run_20251201_183000.csv");
        awaitBatches("extruder", 4);
        drop("samples/extruder/events/logger_2025-12-01.jsonl", "extruder/events", "logger_2025-12-01.jsonl");
        drop("console/alarms-during-run.json", "extruder/events", "alarms.json");
        awaitBatches("extruder", 6);
        long runId = services().extruder().runs().find("run_20251201_183000.csv").id();
        JsonNode samples = getJson("/api/extruder/runs/" + runId + "/samples?max_points=1500");

        open("/#/runs");
        shown(By.cssSelector("#runs tr[data-id='" + runId + "']")).click();
        WebElement chart = shown(By.cssSelector("#chart-temperatures canvas"));
        wait.until(d -> samples.path("points").asText().equals(d.findElement(By.id("chart-temperatures")).getDomAttribute("data-points")));
        assertThat(samples.path("downsampled").asBoolean()).isTrue();
        assertThat(samples.path("points").asInt()).isBetween(1000, 1500);
        assertThat(chart.getSize().getWidth()).isGreaterThan(600);
        assertThat(chromium.driver.findElement(By.id("profile")).getText()).isEqualTo("default v1");
        List<WebElement> alarms = chromium.driver.findElements(By.cssSelector("#chart-temperatures .marker-alarm"));
        assertThat(alarms).hasSize(1);
        assertThat(alarms.get(0).getDomAttribute("title")).contains("HEATER_OVERTEMP");
        assertThat(chromium.driver.findElements(By.cssSelector("#chart-temperatures .marker-event"))).hasSize(5);
        assertThat(chromium.driver.findElement(By.id("alarms")).getText()).contains("T3 nozzle above limit");
        assertThat(chromium.driver.findElement(By.id("sample-count")).getText()).startsWith("4,000");
        chromium.screenshot("extruder-run");

        // a sample typed as RUN:LINE: its trace, with the run's chart a click away
        open("/#/runs");
        shown(By.id("trace-key")).sendKeys(runId + ":2");
        chromium.driver.findElement(By.cssSelector("#trace-search button")).click();
        textAppears(By.id("lineage-subject"), "kind guessed: sample");
        assertThat(chromium.driver.findElement(By.id("lineage-text")).getDomProperty("textContent"))
                .isEqualTo(Files.readAllLines(Path.of("samples/extruder/logs/run_20251201_183000.csv")).get(1));
        assertThat(chromium.driver.findElement(By.id("lineage-timeline")).getText()).contains("sample recorded (line 2 of run " + runId + ")");
        shown(By.id("lineage-run")).click();
        shown(By.cssSelector("#chart-temperatures canvas"));
        assertThat(chromium.driver.getCurrentUrl()).endsWith("#/runs/" + runId);
    }

    @Test
    void theInReviewProjectIsTracedFromItsInnergyIdBackToLine5AndTheMappingRowItsFixAppended() throws Exception {
        Path sample = Path.of("samples/ppak/projects_2024-01-15.csv");
        drop(sample.toString(), "ppak", "projects_2024-01-15.csv");
        awaitBatches("ppak", 1);
        long deadLetter = services().deadLetters().pending("ppak").stream().filter(d -> Long.valueOf(5).equals(d.line()))
                .findFirst().orElseThrow().id();
        // the fix as the dead letter's page makes it (ConsoleBrowserTest#theInReviewRejectLoadsFromTheBrowserAlone clicks it),
        // then the canonical projects imported to the INNERGY sandbox
        var fixed = hub.post("/api/mappings/status", "{\"value\":\"In Review\",\"canonical\":\"in_progress\",\"operator\":\"Dana Ruiz\"}",
                "Bearer " + TOKEN);
        assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
        assertThat(getJson("/api/dead-letters/" + deadLetter).get("replayed").isNull()).isFalse();
        byte[] mapping = Files.readAllBytes(home.resolve("mappings/status_mapping.csv"));
        long appendedRow = new String(mapping, java.nio.charset.StandardCharsets.UTF_8).lines().count();
        services().innergy().importProjects(null, true);
        String innergyId = getJson("/api/lineage/project/J-24-1004").at("/deliveries/0/id").asText();
        assertThat(innergyId).matches("[0-9a-f-]{36}");

        // typed into the box on any page, kind left to the guess
        open("/#/batches");
        shown(By.id("batches"));
        WebElement key = shown(By.id("trace-key"));
        key.sendKeys(innergyId);
        chromium.driver.findElement(By.cssSelector("#trace-search button")).click();
        WebElement timeline = shown(By.id("lineage-timeline"));
        assertThat(chromium.driver.getCurrentUrl()).contains("#/lineage?key=" + innergyId);
        assertThat(chromium.driver.findElement(By.id("lineage-subject")).getText()).contains(innergyId).contains("kind guessed: innergy");

        // the source: projects_2024-01-15.csv line 5, the exact line as text
        String line5 = Files.readAllLines(sample).get(4);
        assertThat(chromium.driver.findElement(By.id("lineage-source")).getText()).contains("projects_2024-01-15.csv")
                .contains(com.migrationhub.core.Hashing.sha256(sample));
        assertThat(chromium.driver.findElement(By.cssSelector("#lineage-source dd:nth-of-type(2)")).getText()).isEqualTo("5");
        assertThat(chromium.driver.findElement(By.id("lineage-text")).getDomProperty("textContent")).isEqualTo(line5);
        // the row the fix appended, in the version of the mapping file that applied
        WebElement status = chromium.driver.findElements(By.cssSelector("#lineage-mappings tbody tr")).stream()
                .filter(tr -> tr.getText().contains("status_mapping.csv")).findFirst().orElseThrow();
        assertThat(status.findElements(By.tagName("td"))).extracting(WebElement::getText)
                .startsWith("status_mapping.csv", String.valueOf(appendedRow), "In Review", "in_progress");
        assertThat(status.findElement(By.cssSelector("code[title]")).getDomAttribute("title"))
                .isEqualTo(com.migrationhub.core.Hashing.sha256(mapping));
        assertThat(chromium.driver.findElement(By.id("lineage-deliveries")).getText()).contains("created").contains(innergyId);

        // the timeline, oldest first: rejected, replayed, delivered; each batch and the dead letter a link
        List<String> steps = timeline.findElements(By.tagName("li")).stream().map(WebElement::getText).toList();
        int rejected = indexOf(steps, "rejected as dead letter " + deadLetter + ": projects_2024-01-15.csv line 5");
        int replayed = indexOf(steps, "dead letter " + deadLetter + " replayed and loaded");
        int created = indexOf(steps, "INNERGY: created");
        assertThat(rejected).isLessThan(replayed);
        assertThat(replayed).isLessThan(created);
        assertThat(timeline.findElements(By.cssSelector("a[href^='#/batches/']"))).isNotEmpty();
        chromium.size(1280, 1700);
        chromium.screenshot("lineage-in-review");
        fitsAPhone(By.id("lineage-timeline"), "lineage-phone");
        chromium.size(1280, 1000);
        timeline.findElement(By.cssSelector("a[href='#/dead-letters/" + deadLetter + "']")).click();
        textAppears(By.cssSelector("dl.facts"), "status `In Review` unmapped");
        // and from the dead letter's page back to its trace: the same line 5
        shown(By.id("trace-dead-letter")).click();
        textAppears(By.id("lineage-subject"), "dead-letter");
        assertThat(chromium.driver.findElement(By.id("lineage-text")).getDomProperty("textContent")).isEqualTo(line5);
        assertThat(chromium.driver.findElement(By.id("trace-kind")).getDomProperty("value")).isEqualTo("dead-letter");

        // a key that is nothing stored says so; a RUN:LINE is looked up as an extruder sample
        open("/#/lineage?key=" + java.net.URLEncoder.encode("J-99/0000 x", java.nio.charset.StandardCharsets.UTF_8));
        textAppears(By.id("lineage-none"), "no project J-99/0000 x is stored");
        assertThat(chromium.driver.findElement(By.id("trace-key")).getDomProperty("value")).isEqualTo("J-99/0000 x");
        open("/#/lineage?key=7:12");
        textAppears(By.id("lineage-none"), "no sample 7:12 is stored");
    }

    private static int indexOf(List<String> steps, String part) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).contains(part)) {
                return i;
            }
        }
        throw new AssertionError("no step with '" + part + "' in " + steps);
    }

    @Test
    void valuesFromInputFilesAreShownAsText() throws Exception {
        drop("console/projects_hostile.csv", "ppak", "projects_2024-03-01.csv");
        Files.writeString(home.resolve("inbox/ppak/<img src=x onerror=window.__pwned=2>.csv"), "x\n");
        awaitBatches("ppak", 2);

        open("/#/batches");
        shown(By.id("batches"));
        textAppears(By.id("batches"), "<img src=x onerror=window.__pwned=2>.csv");
        open("/#/dead-letters");
        textAppears(By.id("dead-letters"), "<img src=x onerror=window.__pwned=2>.csv");
        chromium.driver.findElements(By.cssSelector("#dead-letters tbody tr")).stream()
                .filter(tr -> tr.getText().contains("projects_2024-03-01.csv")).findFirst().orElseThrow()
                .findElement(By.cssSelector("td.reason")).click();
        WebElement original = shown(By.id("original"));
        assertThat(original.getText()).contains("<script>window.__pwned=1</script>").contains("<b>Bold</b> Kitchen")
                .contains("<img src=x onerror=window.__pwned=3>");
        assertThat(chromium.driver.findElements(By.cssSelector("main script, main img, main b"))).isEmpty();
        assertThat(chromium.driver.executeScript("return typeof window.__pwned")).isEqualTo("undefined");
        chromium.screenshot("hostile-values-as-text");

        // the same line in its trace: the original line is text too
        shown(By.id("trace-dead-letter")).click();
        textAppears(By.id("lineage-text"), "<script>window.__pwned=1</script>");
        assertThat(chromium.driver.findElement(By.id("lineage-text")).getText()).contains("<img src=x onerror=window.__pwned=3>");
        assertThat(chromium.driver.findElements(By.cssSelector("main script, main img, main b"))).isEmpty();
        assertThat(chromium.driver.executeScript("return typeof window.__pwned")).isEqualTo("undefined");
    }
}
