package dev.storerelay.adapter.persistence;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersistenceConfigTest {
    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void toStringMasksThePasswordAndTheKey() {
        PersistenceConfig config = new PersistenceConfig("jdbc:mariadb://db.example:3306/relay?password=urlsecret",
                "relay", "dbsecret", Path.of("data"), KEY);

        assertThat(config.toString())
                .contains("relay", "jdbc:mariadb://db.example:3306/relay", "******")
                .doesNotContain("dbsecret", "urlsecret", KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "c2hvcnQ=", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYwMQ=="})
    void anInvalidKeyNamesTheVariableButNotTheValue(String key) {
        assertThatThrownBy(() -> new PersistenceConfig(null, null, null, Path.of("data"), key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STORE_RELAY_MASTER_KEY")
                .hasMessageNotContaining(key);
    }

    @Test
    void aBlankUrlMeansEmbedded() {
        assertThat(new PersistenceConfig(null, null, null, Path.of("data"), null).embedded()).isTrue();
        assertThat(new PersistenceConfig("  ", null, null, Path.of("data"), null).embedded()).isTrue();
        assertThat(new PersistenceConfig("jdbc:mariadb://db/relay", null, null, Path.of("data"), null).embedded()).isFalse();
    }

    @Test
    void describeShowsTheExternalUrlWithoutCredentialsAndDoesNoIo() {
        Database database = new Database(new PersistenceConfig("jdbc:mariadb://relay:pw@db.example:3306/relay?user=relay&password=pw",
                null, null, Path.of("/nonexistent/data"), null), new SimpleMeterRegistry());

        assertThat(database.describe()).isEqualTo("external MariaDB at jdbc:mariadb://db.example:3306/relay");
        assertThatThrownBy(database::dataSource).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void describeNamesTheEmbeddedDataDirectory() {
        Database database = new Database(new PersistenceConfig(null, null, null, Path.of("/srv/relay"), null), new SimpleMeterRegistry());

        assertThat(database.describe()).isEqualTo("embedded MariaDB, data in /srv/relay/mariadb");
    }
}
