package dev.storerelay.adapter.management;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own check of an exposition ({@code promtool check metrics}, Debian's {@code prometheus} package):
 * skipped with a message where it is missing, except on CI, where it must be there ({@code .ci/run} installs it).
 */
public final class Promtool {
    static final String PROMTOOL = "/usr/bin/promtool";

    private Promtool() {
    }

    /** Skips the test unless promtool is installed; fails on CI without it. */
    public static void require() {
        boolean present = new File(PROMTOOL).canExecute();
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(PROMTOOL + " is required on CI; .ci/run installs it (Debian package prometheus)");
        }
        Assumptions.assumeTrue(present, PROMTOOL + " is not installed (Debian package prometheus; .ci/run installs it)");
    }

    /** What promtool says about the text (its lint problems, or errors), and its exit code. */
    public static Result checkMetrics(String exposition) throws IOException, InterruptedException {
        Path input = Files.createTempFile("store-relay-metrics", ".prom");
        Path output = Files.createTempFile("store-relay-promtool", ".out");
        try {
            Files.writeString(input, exposition, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(PROMTOOL, "check", "metrics").redirectErrorStream(true)
                    .redirectInput(input.toFile()).redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("promtool did not finish within 60 s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
        }
    }

    public record Result(int exitCode, String output) {
    }
}
