package dev.storerelay.bootstrap;

import java.util.List;
import java.util.Objects;

/** How the log on standard output is written. */
record LoggingSection(LogFormat format) {
    static final ConfigKey FORMAT = ConfigKey.of(LogFormat.VARIABLE, LogFormat.TEXT.value());
    static final List<ConfigKey> KEYS = List.of(FORMAT);

    LoggingSection {
        Objects.requireNonNull(format, "format");
    }

    static LoggingSection read(ConfigValues values) {
        String text = values.text(FORMAT);
        return new LoggingSection(LogFormat.parse(text).orElseThrow(() -> new ConfigException(FORMAT.variable()
                + ": expected text or json, got '" + text + "'")));
    }

    String describe() {
        return "log format " + format.value();
    }
}
