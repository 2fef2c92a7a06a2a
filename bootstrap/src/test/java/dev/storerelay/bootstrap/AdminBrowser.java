package dev.storerelay.bootstrap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One headless Chromium (see {@link HeadlessChromium}) on the admin page of a {@link RelayExtension}'s relay, for a
 * whole test class (a static field registered after the relay's): the class is skipped (on CI failed) before
 * anything starts when the browser is missing, every test begins signed out, and the browser quits at the end.
 */
final class AdminBrowser implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final RelayExtension relay;
    private final String what;
    private final Duration wait;
    private final String[] chromiumArguments;
    private WebDriver driver;

    /** {@code what} names the tests in the skip message; {@code wait} bounds every wait for a page. */
    AdminBrowser(RelayExtension relay, String what, Duration wait, String... chromiumArguments) {
        this.relay = relay;
        this.what = what;
        this.wait = wait;
        this.chromiumArguments = chromiumArguments.clone();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        HeadlessChromium.requirePresent(what);
        driver = HeadlessChromium.start(chromiumArguments);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        driver.get(base() + "/admin/sign-in");
        driver.manage().deleteAllCookies();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** {@code http://127.0.0.1:<admin port>}. */
    String base() {
        return relay.adminBase();
    }

    /** Signed in, the user lands on the stores overview; the tests open the pages they need themselves. */
    void signIn(String user, String password) {
        HeadlessChromium.signIn(driver, base(), user, password, wait);
    }

    void signInAsAdmin() {
        signIn("admin", relay.adminPassword());
    }

    void open(String path) {
        driver.get(base() + path);
    }

    void type(String id, String text) {
        WebElement element = driver.findElement(By.id(id));
        element.clear();
        element.sendKeys(text);
    }

    void select(String id, String value) {
        new Select(driver.findElement(By.id(id))).selectByValue(value);
    }

    void waitForText(String text) {
        HeadlessChromium.waitForText(driver, wait, text);
    }

    /** For a look at the page after a run: under target/screenshots, never in the working tree. */
    void screenshot(String name) throws IOException {
        save(Path.of("target", "screenshots", name).toAbsolutePath());
    }

    /**
     * For the README: with {@code -Dscreenshots.docs=true} under docs/ of the repository (the directory holding
     * mvnw), otherwise under target/screenshots, so an ordinary test run leaves the working tree as it was.
     */
    void screenshotForDocs(String name) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        save(Boolean.getBoolean("screenshots.docs")
                ? dir.resolve("docs").resolve(name)
                : Path.of("target", "screenshots", name).toAbsolutePath());
    }

    private void save(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        // The whole page, not only the first screen: the window is made as tall as the page for the shot.
        Dimension screen = driver.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(screen.getWidth(), Math.min(6000, height.intValue() + 100)));
        try {
            Files.write(target, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(screen);
        }
    }
}
