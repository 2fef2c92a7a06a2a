package dev.storerelay.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's configuration table names exactly the variables the relay reads: none missing, none made up. */
class ReadmeConfigurationTest {
    private static final String SECTION = "## Configuration";
    private static final Pattern VARIABLE = Pattern.compile("`(STORE_RELAY_[A-Z0-9_]+)`");

    @Test
    void readmeTableListsExactlyTheVariablesTheCodeReads() throws IOException {
        List<String> readme = Files.readAllLines(MonitoringDocs.root().resolve("README.md"));

        assertThat(tableVariables(readme)).as("STORE_RELAY_* variables in the README's table under '" + SECTION + "'")
                .containsExactlyInAnyOrderElementsOf(codeVariables());
    }

    @Test
    void readsOnlyTheFirstColumnOfTheConfigurationSectionsTables() {
        List<String> readme = List.of(
                "## The two commands", "| `STORE_RELAY_ELSEWHERE` | x |",
                SECTION, "Prose naming `STORE_RELAY_PROSE`.", "",
                "| variable | default | meaning |", "|---|---|---|",
                "| `STORE_RELAY_A` / `STORE_RELAY_B` | `1` | see `STORE_RELAY_C` |",
                "| `STORE_RELAY_D` | empty | |",
                "## Security", "| `STORE_RELAY_AFTER` | x |");

        assertThat(tableVariables(readme)).containsExactly("STORE_RELAY_A", "STORE_RELAY_B", "STORE_RELAY_D");
    }

    /** Every variable {@link AppConfig} reads: its sections' keys and the name of the file that may set them. */
    static Set<String> codeVariables() {
        return Stream.concat(AppConfig.KEYS.stream().map(ConfigKey::variable),
                Stream.of(AppConfig.CONFIG_FILE_VARIABLE)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The variables in the first column of the tables of the README's configuration section. */
    static Set<String> tableVariables(List<String> readme) {
        Set<String> variables = new TreeSet<>();
        boolean inSection = false;
        for (String line : readme) {
            if (line.startsWith("## ")) {
                inSection = line.strip().equals(SECTION);
            } else if (inSection && line.startsWith("|")) {
                String[] cells = line.split("\\|", -1);
                Matcher m = VARIABLE.matcher(cells.length > 1 ? cells[1] : "");
                while (m.find()) {
                    variables.add(m.group(1));
                }
            }
        }
        return variables;
    }
}
