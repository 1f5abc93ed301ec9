package dev.playcount.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.SharedData;
import dev.playcount.pipeline.testing.TestCsv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in headless Chromium against the all-in-one (gateway, launcher, embedded Flink):
 * upload through the page, watch the task finish, download and check the result, see a bad file's
 * error, cancel a running task. Screenshots go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf(
        value = "dev.playcount.gateway.web.Browser#installed",
        disabledReason = "Chromium and chromedriver are not installed (.ci/run installs Debian's)")
class WebPageITCase {

    @RegisterExtension static final GatewayExtension app = GatewayExtension.withLauncher();

    @TempDir static Path dir;
    static TestGateway gateway;
    static ChromeDriver browser;
    static Path downloads;
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @BeforeAll
    static void start() throws Exception {
        gateway = app.gateway();
        downloads = Files.createDirectories(dir.resolve("downloads"));
        browser = Browser.start(Files.createDirectories(dir.resolve("profile")), downloads);
        browser.get(gateway.uri("/").toString());
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void uploadTheSeedSampleWatchItFinishAndDownloadIt() throws Exception {
        Path seed = SharedData.seedSample();
        upload(seed);

        WebElement percent = browser.findElement(By.id("upload-percent"));
        wait(Duration.ofSeconds(30))
                .until(d -> percent.getText().contains("Uploaded seed-100k-sample.csv"));
        assertThat(browser.findElement(By.id("upload-status")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("upload-progress")).getAttribute("value"))
                .isEqualTo("100");
        WebElement task = taskNamed("seed-100k-sample.csv", "COMPLETED");
        assertThat(task.getText()).contains("100,000 rows read").contains("28,028 written");

        wait(Duration.ofSeconds(10))
                .until(
                        d -> {
                            task.findElement(By.linkText("Download result")).click();
                            return true;
                        });
        Path result = downloaded("results.csv");
        assertThat(Oracle.readResult(result)).isEqualTo(Oracle.aggregate(seed).totals());
        screenshot("completed");
    }

    @Test
    @Order(2)
    void aBadFileShowsTheApiError() throws Exception {
        Path bad = dir.resolve("semicolons.csv");
        Files.writeString(bad, "Song;Date;Number of Plays\nUmbrella;2020-01-02;200\n");
        upload(bad);

        WebElement error =
                wait(Duration.ofSeconds(15))
                        .until(
                                ExpectedConditions.visibilityOfElementLocated(
                                        By.id("upload-error")));
        assertThat(error.getText()).contains("';'-separated").contains("Song");
    }

    @Test
    @Order(3)
    void cancelARunningTask() throws Exception {
        // 3M distinct pairs: the job runs for several seconds
        Path big = new TestCsv(31).write(dir.resolve("long-running.csv"), 5_000_000, 300_000, 10);
        upload(big);
        WebElement task = taskNamed("long-running.csv", "IN_PROGRESS");
        wait(Duration.ofSeconds(30))
                .until(
                        d ->
                                task.findElements(By.tagName("progress")).stream()
                                        .anyMatch(bar -> !"0".equals(bar.getAttribute("value"))));
        // the phase and its own percent next to the bar (the embedded cluster's pipelined job
        // sums while it reads, and its summing phase may be over before the page polls)
        WebElement phase =
                wait(Duration.ofSeconds(60))
                        .until(
                                d -> {
                                    WebElement p =
                                            taskNamed("long-running.csv", "IN_PROGRESS")
                                                    .findElement(By.className("task-phase"));
                                    return p.getText()
                                                    .matches("(reading|summing|writing) \\d{1,3}%")
                                            ? p
                                            : null;
                                });
        assertThat(phase.isDisplayed()).isTrue();
        screenshot("running-and-completed");

        wait(Duration.ofSeconds(10))
                .until(
                        d -> {
                            taskNamed("long-running.csv", "IN_PROGRESS")
                                    .findElement(By.xpath(".//button[text()='Cancel']"))
                                    .click();
                            return true;
                        });

        taskNamed("long-running.csv", "CANCELLED");
        screenshot("cancelled");
    }

    @Test
    @Order(4)
    void fitsAPhoneScreenAndWorksWithTheKeyboard() throws Exception {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        Object scrollWidth = browser.executeScript("return document.documentElement.scrollWidth;");
        assertThat(((Number) scrollWidth).intValue()).isLessThanOrEqualTo(390);
        screenshot("phone");
        // From the file picker, Tab reaches the policy, the Upload button, then the tasks' actions.
        browser.executeScript("document.getElementById('file').focus();");
        List<String> reached = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // keys sent to a file input would name a file: press Tab on the page instead
            new org.openqa.selenium.interactions.Actions(browser)
                    .sendKeys(org.openqa.selenium.Keys.TAB)
                    .perform();
            WebElement active = browser.switchTo().activeElement();
            reached.add(
                    active.getAttribute("id").isEmpty()
                            ? active.getText()
                            : active.getAttribute("id"));
        }
        assertThat(reached).startsWith("invalid-rows", "upload-button");
        assertThat(reached.get(2)).isIn("Download result", "Flink dashboard");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1100, 1000));
    }

    @Test
    @Order(5)
    void everyTextMeetsWcagAaContrast() {
        // WCAG 2.1 contrast of each visible text against the first opaque background behind it:
        // at least 4.5:1, or 3:1 for large text (24px, or 18.66px bold).
        @SuppressWarnings("unchecked")
        List<String> failing =
                (List<String>)
                        browser.executeScript(
                                """
                                const rgba = (s) => {
                                  const m = s.match(/rgba?\\(([^)]+)\\)/);
                                  const p = m[1].split(',').map(Number);
                                  return { c: p.slice(0, 3), a: p.length > 3 ? p[3] : 1 };
                                };
                                const lum = (c) => {
                                  const [r, g, b] = c.map((v) => {
                                    v /= 255;
                                    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
                                  });
                                  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
                                };
                                const behind = (el) => {
                                  for (let e = el; e; e = e.parentElement) {
                                    const b = rgba(getComputedStyle(e).backgroundColor);
                                    if (b.a > 0) return b.c;
                                  }
                                  return [255, 255, 255];
                                };
                                const failing = [];
                                let checked = 0;
                                for (const el of document.querySelectorAll('body *')) {
                                  const text = [...el.childNodes]
                                    .filter((n) => n.nodeType === Node.TEXT_NODE)
                                    .map((n) => n.textContent.trim()).join('');
                                  const st = getComputedStyle(el);
                                  if (!text || el.getClientRects().length === 0
                                      || st.visibility === 'hidden') continue;
                                  checked++;
                                  const l1 = lum(rgba(st.color).c);
                                  const l2 = lum(behind(el));
                                  const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
                                  const size = parseFloat(st.fontSize);
                                  const large = size >= 24
                                    || (parseInt(st.fontWeight, 10) >= 700 && size >= 18.66);
                                  if (ratio < (large ? 3 : 4.5)) {
                                    failing.push(el.tagName + '.' + el.className + ' "'
                                      + text.slice(0, 30) + '": ' + ratio.toFixed(2));
                                  }
                                }
                                if (checked < 10) failing.push('only ' + checked + ' texts checked');
                                return failing;
                                """);
        assertThat(failing).isEmpty();
    }

    /** Picks a file and presses Upload once the previous upload has finished. */
    private void upload(Path file) {
        WebElement button = browser.findElement(By.id("upload-button"));
        wait(Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(button));
        browser.findElement(By.id("file")).sendKeys(file.toString());
        button.click();
    }

    private WebElement taskNamed(String name, String status) {
        return wait(Duration.ofSeconds(120))
                .until(
                        d -> {
                            List<WebElement> tasks =
                                    d.findElements(
                                            By.xpath(
                                                    "//li[@class='task'][.//span[@class='task-name'"
                                                            + " and text()='"
                                                            + name
                                                            + "']]"));
                            return tasks.stream()
                                    .filter(t -> status.equals(t.getAttribute("data-status")))
                                    .findFirst()
                                    .orElse(null);
                        });
    }

    private Path downloaded(String name) {
        Path file = downloads.resolve(name);
        await().alias(name + " downloaded to " + downloads)
                .atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                Files.exists(file)
                                        && !Files.exists(downloads.resolve(name + ".crdownload")));
        return file;
    }

    private WebDriverWait wait(Duration timeout) {
        // task cards are redrawn when their task changes: look them up again
        return (WebDriverWait)
                new WebDriverWait(browser, timeout, Duration.ofMillis(100))
                        .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    private static void screenshot(String name) throws Exception {
        Files.write(
                SCREENSHOTS.resolve("page-" + name + ".png"),
                browser.getScreenshotAs(OutputType.BYTES));
        Files.writeString(
                SCREENSHOTS.resolve("page-" + name + ".html"),
                browser.getPageSource(),
                StandardCharsets.UTF_8);
    }
}
