package dev.storerelay.bootstrap;

import dev.storerelay.adapter.persistence.EmbeddedTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Import and export screen in a real browser (Debian's headless Chromium): an admin uploads a CSV file of 500
 * stores with one wrong row and is shown that row and field, with nothing created; then the corrected file creates
 * them all.
 */
class BulkImportBrowserIT {
    private static final String ADMIN_PASSWORD = "bulk-browser-admin-password";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;
    private static StoreRelay relay;
    private static AdminApi api;
    private static WebDriver driver;
    private static String base;

    @BeforeAll
    static void start() {
        HeadlessChromium.requirePresent("the import page browser test");
        relay = StoreRelay.start(TestConfigs.config(EmbeddedTestDatabase.freshDatabase(dataDir), dataDir, ADMIN_PASSWORD,
                Map.of()), new PrintStream(OutputStream.nullOutputStream()));
        base = "http://127.0.0.1:" + relay.adminPort();
        api = new AdminApi(relay.adminPort(), "admin", ADMIN_PASSWORD);
        api.ok(api.put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
        driver = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void aCsvOf500StoresWithOneWrongRowNamesItAndCreatesNothingThenTheCorrectedFileCreatesThemAll() throws IOException {
        Path wrong = dataDir.resolve("stores-wrong.csv");
        Files.writeString(wrong, StoresCsv.stores(500, 321, "smtp.outgoingEmailAddress", "not an address"));
        Path right = dataDir.resolve("stores.csv");
        Files.writeString(right, StoresCsv.stores(500, 0, null, null));

        HeadlessChromium.signIn(driver, base, "admin", ADMIN_PASSWORD, WAIT);
        driver.get(base + "/admin/setup/units");
        driver.findElement(By.linkText("Import and export")).click();

        upload(wrong);
        assertThat(driver.findElement(By.cssSelector("main .notice.error")).getText()).startsWith("Nothing was imported: 1 row(s)");
        List<WebElement> cells = driver.findElements(By.cssSelector("table.import-errors tbody td"));
        assertThat(cells).extracting(WebElement::getText).startsWith(Integer.toString(StoresCsv.lineOfStore(321)),
                "smtp.outgoingEmailAddress");
        assertThat(api.ok(api.get("/api/units"))).as("nothing created").hasSize(1);

        upload(right);
        assertThat(driver.findElement(By.cssSelector("main .notice")).getText()).isEqualTo("Imported: 502 unit(s) created, 0 updated.");
        assertThat(api.ok(api.get("/api/units"))).hasSize(503);
        assertThat(driver.getPageSource()).doesNotContain(BulkImportIT.SECRET);
    }

    private static void upload(Path file) {
        driver.findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
        WebElement form = driver.findElement(By.id("import-file"));
        driver.findElement(By.xpath("//button[text()='Import']")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.stalenessOf(form));
    }
}
