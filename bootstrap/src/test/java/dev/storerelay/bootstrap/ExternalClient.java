package dev.storerelay.bootstrap;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A third-party SMTP client run as its own process (Python's smtplib, swaks). On CI the tools must be there
 * (`.ci/run` installs swaks); elsewhere a missing tool skips the test instead of failing it.
 */
final class ExternalClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ExternalClient() {
    }

    record Result(int exitCode, String output) {
    }

    static void requireTool(String tool) {
        boolean present = run(List.of("sh", "-c", "command -v " + tool)).exitCode() == 0;
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(tool + " is required on CI; .ci/run installs it");
        }
        Assumptions.assumeTrue(present, tool + " is not installed (.ci/run installs it)");
    }

    static Result run(List<String> command) {
        try {
            // Output goes to a file so that a hanging client cannot block the test beyond the timeout.
            Path output = Files.createTempFile("store-relay-client", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(command.get(0) + " did not finish within " + TIMEOUT);
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
