package dev.storerelay.adapter.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeyIT {
    @TempDir
    Path dataDir;

    @Test
    void aMissingKeyIsGeneratedOwnerOnlyAndThenReused() throws Exception {
        PersistenceConfig config = new PersistenceConfig(null, null, null, dataDir.resolve("new-dir"), " ");

        byte[] generated = MasterKey.resolve(config, new SecureRandom());
        byte[] again = MasterKey.resolve(config, new SecureRandom());

        Path file = dataDir.resolve("new-dir/master.key");
        assertThat(generated).hasSize(32).isEqualTo(again);
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).isEqualTo(generated);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anExplicitKeyWinsOverTheFile() {
        byte[] key = new byte[32];
        key[0] = 7;
        PersistenceConfig config = new PersistenceConfig(null, null, null, dataDir, Base64.getEncoder().encodeToString(key));

        assertThat(MasterKey.resolve(config, new SecureRandom())).isEqualTo(key);
        assertThat(dataDir.resolve("master.key")).doesNotExist();
    }

    @Test
    void aBrokenKeyFileIsReportedWithoutItsContent() throws Exception {
        Files.writeString(dataDir.resolve("master.key"), "c2hvcnQ=\n");
        PersistenceConfig config = new PersistenceConfig(null, null, null, dataDir, null);

        assertThatThrownBy(() -> MasterKey.resolve(config, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("master.key")
                .hasMessageContaining("STORE_RELAY_MASTER_KEY")
                .hasMessageNotContaining("c2hvcnQ");
    }
}
