package dev.storerelay.bootstrap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Import and export screen in a real browser (Debian's headless Chromium): an admin uploads a CSV file of 500
 * stores with one wrong row and is shown that row and field, with nothing created; then the corrected file creates
 * them all.
 */
class BulkImportBrowserIT {
    private static final String ADMIN_PASSWORD = "bulk-browser-admin-password";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final RelayExtension relay = RelayExtension.builder().adminPassword(ADMIN_PASSWORD).build();
    @RegisterExtension
    static final AdminBrowser browser = new AdminBrowser(relay, "the import page browser test", WAIT);

    @BeforeAll
    static void start() {
        relay.api().ok(relay.api().put("/api/units/company", "{\"name\":\"Company\",\"parentId\":null}"));
    }

    @Test
    void aCsvOf500StoresWithOneWrongRowNamesItAndCreatesNothingThenTheCorrectedFileCreatesThemAll() throws IOException {
        AdminApi api = relay.api();
        Path wrong = relay.dataDir().resolve("stores-wrong.csv");
        Files.writeString(wrong, StoresCsv.stores(500, 321, "smtp.outgoingEmailAddress", "not an address"));
        Path right = relay.dataDir().resolve("stores.csv");
        Files.writeString(right, StoresCsv.stores(500, 0, null, null));

        browser.signInAsAdmin();
        browser.driver().get(browser.base() + "/admin/setup/units");
        browser.driver().findElement(By.linkText("Import and export")).click();

        upload(wrong);
        assertThat(browser.driver().findElement(By.cssSelector("main .notice.error")).getText()).startsWith("Nothing was imported: 1 row(s)");
        List<WebElement> cells = browser.driver().findElements(By.cssSelector("table.import-errors tbody td"));
        assertThat(cells).extracting(WebElement::getText).startsWith(Integer.toString(StoresCsv.lineOfStore(321)),
                "smtp.outgoingEmailAddress");
        assertThat(api.ok(api.get("/api/units"))).as("nothing created").hasSize(1);

        upload(right);
        assertThat(browser.driver().findElement(By.cssSelector("main .notice")).getText()).isEqualTo("Imported: 502 unit(s) created, 0 updated.");
        assertThat(api.ok(api.get("/api/units"))).hasSize(503);
        assertThat(browser.driver().getPageSource()).doesNotContain(BulkImportIT.SECRET);
    }

    private static void upload(Path file) {
        browser.driver().findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
        WebElement form = browser.driver().findElement(By.id("import-file"));
        browser.driver().findElement(By.xpath("//button[text()='Import']")).click();
        new WebDriverWait(browser.driver(), WAIT).until(ExpectedConditions.stalenessOf(form));
    }
}
