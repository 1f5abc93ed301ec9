package dev.playcount.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.playcount.gateway.testing.TestBroker;
import dev.playcount.gateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** With API_KEYS set, the page asks for a key, uses it, and keeps it for the session. */
class WebPageApiKeyITCase {

    @TempDir Path dir;

    @Test
    void asksForAKeyAndKeepsItForTheSession() throws Exception {
        assumeTrue(Browser.installed(), "Chromium and chromedriver are not installed");
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway =
                        TestGateway.start(dir, broker, Map.of("API_KEYS", "page-key"))) {
            ChromeDriver browser =
                    Browser.start(
                            Files.createDirectories(dir.resolve("profile")),
                            Files.createDirectories(dir.resolve("downloads")));
            try {
                WebDriverWait wait =
                        (WebDriverWait)
                                new WebDriverWait(browser, Duration.ofSeconds(20))
                                        .ignoring(StaleElementReferenceException.class);
                browser.get(gateway.uri("/").toString());
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-section")));

                browser.findElement(By.id("api-key")).sendKeys("wrong-key");
                browser.findElement(By.cssSelector("#key-form button")).click();
                assertThat(
                                wait.until(
                                                ExpectedConditions.visibilityOfElementLocated(
                                                        By.id("key-error")))
                                        .getText())
                        .contains("not accepted");

                browser.findElement(By.id("api-key")).clear();
                browser.findElement(By.id("api-key")).sendKeys("page-key");
                browser.findElement(By.cssSelector("#key-form button")).click();
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("key-section")));
                wait.until(ExpectedConditions.textToBe(By.id("tasks-note"), "No tasks yet."));

                Path csv = dir.resolve("keyed.csv");
                Files.writeString(csv, "Song,Date,Number of Plays\nUmbrella,2020-01-02,200\n");
                browser.findElement(By.id("file")).sendKeys(csv.toString());
                browser.findElement(By.id("upload-button")).click();
                wait.until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("tasks"), "keyed.csv"));

                browser.navigate().refresh();
                wait.until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("tasks"), "keyed.csv"));
                assertThat(browser.findElement(By.id("key-section")).isDisplayed()).isFalse();
            } finally {
                browser.quit();
            }
            broker.deleteQueue(gateway.queue());
        }
    }

    @Test
    void downloadsWithAKeyGoStraightToDiskAndNamesCannotSpoof() throws Exception {
        assumeTrue(Browser.installed(), "Chromium and chromedriver are not installed");
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                TestGateway gateway =
                        TestGateway.start(dir, broker, Map.of("API_KEYS", "page-key"))) {
            Path downloads = Files.createDirectories(dir.resolve("downloads"));
            ChromeDriver browser =
                    Browser.start(Files.createDirectories(dir.resolve("profile")), downloads);
            try {
                WebDriverWait wait =
                        (WebDriverWait)
                                new WebDriverWait(browser, Duration.ofSeconds(20))
                                        .ignoring(StaleElementReferenceException.class);
                browser.get(gateway.uri("/").toString());
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-section")));
                browser.findElement(By.id("api-key")).sendKeys("page-key");
                browser.findElement(By.cssSelector("#key-form button")).click();
                wait.until(ExpectedConditions.textToBe(By.id("tasks-note"), "No tasks yet."));

                // U+202E (right-to-left override) would show "plays\u202Evsc.exe" as "playsexe.csv"
                Path csv = dir.resolve("plays\u202Evsc.exe.csv");
                Files.writeString(csv, "Song,Date,Number of Plays\nUmbrella,2020-01-02,200\n");
                browser.findElement(By.id("file")).sendKeys(csv.toString());
                browser.findElement(By.id("upload-button")).click();
                wait.until(
                        ExpectedConditions.textToBePresentInElementLocated(
                                By.id("tasks"), "vsc.exe.csv"));
                String shown = browser.findElement(By.cssSelector(".task-name")).getText();
                assertThat(shown).isEqualTo("plays\\u202evsc.exe.csv").doesNotContain("\u202E");

                String id =
                        TestGateway.json(
                                        gateway.get(
                                                TestGateway.API + "/tasks",
                                                "Authorization",
                                                "Bearer page-key"))
                                .get("tasks")
                                .get(0)
                                .get("id")
                                .asText();
                String result =
                        "Song,Date,Total Number of Plays for Date\nUmbrella,2020-01-02,200\n";
                gateway.complete(id, result, null, 1);
                WebElement download =
                        wait.until(
                                ExpectedConditions.elementToBeClickable(
                                        By.cssSelector("[data-action=download]")));
                download.click();

                Path file = downloads.resolve("results.csv");
                wait.until(d -> Files.exists(file) && size(file) == result.length());
                assertThat(Files.readString(file)).isEqualTo(result);
                // the page fetched a link, never the file: the browser downloaded that itself
                String fetched =
                        (String)
                                browser.executeScript(
                                        "return performance.getEntriesByType('resource')"
                                                + ".map(e => e.name).join(' ')");
                assertThat(fetched.split(" "))
                        .anyMatch(url -> url.contains("/tasks/" + id + "/download-links"))
                        .noneMatch(url -> url.matches(".*/tasks/[^/]+/(download|rejects)(\\?.*)?"));
                assertThat(
                                gateway.get(
                                                TestGateway.API + "/tasks/" + id + "/status",
                                                "Authorization",
                                                "Bearer page-key")
                                        .body())
                        .contains("\"status\":\"DOWNLOADED\"");
            } finally {
                browser.quit();
            }
            broker.deleteQueue(gateway.queue());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
