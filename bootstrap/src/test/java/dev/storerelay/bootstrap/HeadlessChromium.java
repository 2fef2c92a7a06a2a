package dev.storerelay.bootstrap;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's Chromium, headless, through the chromedriver of package chromium-driver (given explicitly, so Selenium
 * Manager never downloads one). Without them a browser test is skipped with a message, except on CI, where it fails.
 */
final class HeadlessChromium {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** Skips (or on CI fails) the calling test class when the browser is missing; call before starting anything else. */
    static void requirePresent(String what) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: install the Debian packages chromium "
                    + "and chromium-driver (.ci/run does)");
        }
        Assumptions.assumeTrue(present, "skipping " + what + ": " + CHROMIUM + " or " + CHROMEDRIVER
                + " is missing (apt-get install chromium chromium-driver)");
    }

    /** A browser of 1280 × 900 pixels; {@code extraArguments} are added to Chromium's command line. */
    static WebDriver start(String... extraArguments) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        options.addArguments(List.of(extraArguments));
        return new ChromeDriver(service, options);
    }

    /** Signs in on the admin page at {@code base} and waits for the landing page, the stores overview. */
    static void signIn(WebDriver driver, String base, String user, String password, Duration wait) {
        driver.get(base + "/admin/sign-in");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.xpath("//button[text()='Sign in']")).click();
        new WebDriverWait(driver, wait).until(ExpectedConditions.urlContains("/admin/stores"));
    }

    /**
     * Waits until the page's {@code <main>} shows {@code text}. Asked while the next page loads (or while the page's
     * script rewrites a node), Chrome may answer about a node of the page before ("does not belong to the document"):
     * that is asked again, as for a stale element.
     */
    static void waitForText(WebDriver driver, Duration wait, String text) {
        new WebDriverWait(driver, wait).ignoring(WebDriverException.class)
                .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), text));
    }
}
