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
}
