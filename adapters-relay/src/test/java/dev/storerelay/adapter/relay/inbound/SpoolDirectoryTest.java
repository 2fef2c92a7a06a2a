package dev.storerelay.adapter.relay.inbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class SpoolDirectoryTest {
    @TempDir
    Path base;

    @Test
    void eachProcessSpoolsInItsOwnOwnerOnlyDirectoryAndRemovesItWhenItStops() throws Exception {
        SpoolDirectory spool = new SpoolDirectory(base);

        Path own = spool.open();

        assertThat(own).isEqualTo(base.resolve(Long.toString(ProcessHandle.current().pid()))).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(own))).isEqualTo("rwx------");
        spool.close();
        assertThat(own).doesNotExist();
    }

    @Test
    void theLeftoversOfAProcessThatIsGoneAreRemovedAndThoseOfARunningOneKept() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Process running = new ProcessBuilder("sleep", "60").start();
        try {
            Path crashed = Files.createDirectories(base.resolve(Long.toString(ended.pid())));
            Files.write(crashed.resolve("message-1.eml"), new byte[4096]);
            Path busy = Files.createDirectories(base.resolve(Long.toString(running.pid())));
            Files.write(busy.resolve("message-2.eml"), new byte[4096]);
            Path unrelated = Files.createDirectories(base.resolve("not-a-process"));

            new SpoolDirectory(base).open();

            assertThat(crashed).as("spool of a crashed process").doesNotExist();
            assertThat(busy.resolve("message-2.eml")).as("another relay process's message being received").exists();
            assertThat(unrelated).exists();
        } finally {
            running.destroy();
        }
    }
}
