package dev.playcount.gateway.web;

import static dev.playcount.gateway.testing.TestGateway.API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.gateway.testing.ExactResult;
import dev.playcount.gateway.testing.GatewayExtension;
import dev.playcount.gateway.testing.TcpProxy;
import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.pipeline.testing.Oracle;
import dev.playcount.pipeline.testing.TestCsv;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page's tus uploads survive the network: the page talks to the gateway through a throttled
 * proxy that the test cuts mid-upload. The page resumes from the server's offset (after the cut,
 * and after a reload), says where it resumed, and the task completes with the oracle's result.
 */
@EnabledIf(
        value = "dev.playcount.gateway.web.Browser#installed",
        disabledReason = "Chromium and chromedriver are not installed (.ci/run installs Debian's)")
class WebPageResumeITCase {

    /** Slow enough that the test sees the upload in flight, fast enough for a short test. */
    private static final long RATE = 2L << 20;

    @RegisterExtension static final GatewayExtension app = GatewayExtension.withLauncher();

    @TempDir static Path dir;
    static TestGateway gateway;
    static ChromeDriver browser;
    TcpProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        gateway = app.gateway();
        browser =
                Browser.start(
                        Files.createDirectories(dir.resolve("profile")),
                        Files.createDirectories(dir.resolve("downloads")));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void openThroughTheProxy() throws Exception {
        proxy = new TcpProxy(gateway.uri("/").getPort(), RATE);
        browser.get("http://127.0.0.1:" + proxy.port() + "/");
    }

    @AfterEach
    void closeTheProxy() throws Exception {
        proxy.close();
    }

    @Test
    void aCutConnectionResumesAndTheTaskCompletes() throws Exception {
        Path input = new TestCsv(51).write(dir.resolve("cut.csv"), 200_000, 5_000, 10);
        long size = Files.size(input);
        choose(input);
        // cut once 40% has passed the proxy: the page's PATCH breaks mid-body
        await().atMost(Duration.ofSeconds(60)).until(() -> proxy.upstreamBytes() > size * 2 / 5);
        proxy.dropConnections();

        String uploaded =
                wait(Duration.ofSeconds(90))
                        .until(
                                d -> {
                                    String text = d.findElement(By.id("upload-percent")).getText();
                                    return text.startsWith("Uploaded cut.csv") ? text : null;
                                });
        assertThat(uploaded).matches("Uploaded cut\\.csv \\(resumed at \\d{1,2}%\\)\\.");
        int resumedAt = Integer.parseInt(uploaded.replaceAll("\\D", ""));
        assertThat(resumedAt).isBetween(30, 99);
        assertCompletes("cut.csv", input);
    }

    @Test
    void aReloadFindsTheUnfinishedUploadAndResumesIt() throws Exception {
        Path input = new TestCsv(52).write(dir.resolve("reload.csv"), 200_000, 5_000, 10);
        long size = Files.size(input);
        choose(input);
        await().atMost(Duration.ofSeconds(60)).until(() -> proxy.upstreamBytes() > size / 3);
        // the connection drops and the page reloads: the upload in flight dies with the page
        proxy.dropConnections();
        browser.navigate().refresh();
        choose(input);
        String uploaded =
                wait(Duration.ofSeconds(90))
                        .until(
                                d -> {
                                    String text = d.findElement(By.id("upload-percent")).getText();
                                    return text.startsWith("Uploaded reload.csv") ? text : null;
                                });
        assertThat(uploaded).matches("Uploaded reload\\.csv \\(resumed at \\d{1,2}%\\)\\.");
        assertThat(Integer.parseInt(uploaded.replaceAll("\\D", ""))).isBetween(20, 99);
        assertCompletes("reload.csv", input);
    }

    private void choose(Path file) {
        WebElement button = browser.findElement(By.id("upload-button"));
        wait(Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(button));
        browser.findElement(By.id("file")).sendKeys(file.toString());
        button.click();
    }

    /** The page's one task of that name completes, with the oracle's result. */
    private static void assertCompletes(String name, Path input) throws Exception {
        JsonNode page = TestGateway.json(gateway.get(API + "/tasks?pageSize=200"));
        List<String> ids = new java.util.ArrayList<>();
        for (JsonNode t : page.get("tasks")) {
            if (t.get("input").get("name").asText().equals(name)) {
                ids.add(t.get("id").asText());
            }
        }
        assertThat(ids).as("one task for %s", name).hasSize(1);
        List<JsonNode> seen =
                gateway.awaitStatus(ids.get(0), Duration.ofSeconds(120), "COMPLETED", "FAILED");
        JsonNode task = seen.get(seen.size() - 1);
        HttpResponse<String> download = gateway.get(API + "/tasks/" + ids.get(0) + "/download");
        assertThat(download.statusCode()).isEqualTo(200);
        Path result = dir.resolve(name + ".result.csv");
        Files.writeString(result, download.body(), StandardCharsets.UTF_8);
        ExactResult.assertExact(task, result, Oracle.aggregate(input));
    }

    private static WebDriverWait wait(Duration timeout) {
        return (WebDriverWait)
                new WebDriverWait(browser, timeout, Duration.ofMillis(100))
                        .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }
}
