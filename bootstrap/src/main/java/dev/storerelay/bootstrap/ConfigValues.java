package dev.storerelay.bootstrap;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The values of the known variables, from the environment and the file {@code STORE_RELAY_CONFIG} names (the
 * environment wins), and the checks the sections share; every failed check is a {@link ConfigException} of one line
 * that names the variable.
 */
final class ConfigValues {
    private final List<ConfigKey> keys;
    private final Map<String, String> values;

    private ConfigValues(List<ConfigKey> keys, Map<String, String> values) {
        this.keys = List.copyOf(keys);
        this.values = values;
    }

    /** The values of {@code keys} in the environment and in the file it names, which may set no other key. */
    static ConfigValues read(Map<String, String> environment, List<ConfigKey> keys) {
        Map<String, String> values = new LinkedHashMap<>();
        String file = environment.get(AppConfig.CONFIG_FILE_VARIABLE);
        if (file != null && !file.isBlank()) {
            values.putAll(readFile(Path.of(file), keys));
        }
        for (ConfigKey key : keys) {
            String value = environment.get(key.variable());
            if (value != null) {
                values.put(key.variable(), value);
            }
        }
        return new ConfigValues(keys, values);
    }

    private static Map<String, String> readFile(Path file, List<ConfigKey> keys) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(AppConfig.CONFIG_FILE_VARIABLE + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (keys.stream().noneMatch(key -> key.variable().equals(name))) {
                throw new ConfigException(AppConfig.CONFIG_FILE_VARIABLE + ": unknown key " + name + " in " + file);
            }
            values.put(name, properties.getProperty(name).strip());
        }
        return values;
    }

    /** The value without surrounding blanks, or the key's default when it is empty. */
    String text(ConfigKey key) {
        // A key missing from AppConfig.KEYS would be refused in the file and missing from the README check.
        if (!keys.contains(key)) {
            throw new IllegalStateException(key.variable() + " is not one of AppConfig.KEYS");
        }
        String value = values.get(key.variable());
        if (value == null || value.isBlank()) {
            return key.defaultValue();
        }
        return value.strip();
    }

    <T> T parse(ConfigKey key, String expected, Function<String, T> parser) {
        String value = text(key);
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new ConfigException(key.variable() + ": expected " + expected + ", got '" + (key.secret() ? "******" : value) + "'");
        }
    }

    int port(ConfigKey key) {
        int port = parse(key, "a port number 0-65535", Integer::parseInt);
        if (port < 0 || port > 65535) {
            throw new ConfigException(key.variable() + ": expected a port number 0-65535, got " + port);
        }
        return port;
    }

    String bind(ConfigKey key) {
        String value = text(key);
        if (value.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException(key.variable() + ": expected a host name or IP address, got '" + value + "'");
        }
        return value;
    }

    int positive(ConfigKey key, int max) {
        int value = parse(key, "a whole number 1-" + max, Integer::parseInt);
        if (value < 1 || value > max) {
            throw new ConfigException(key.variable() + ": expected a whole number 1-" + max + ", got " + value);
        }
        return value;
    }

    /** An ISO-8601 duration in any case; {@code example} is named when the value is none. */
    Duration duration(ConfigKey key, String example) {
        try {
            return Duration.parse(text(key).toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new ConfigException(key.variable() + ": expected an ISO-8601 duration such as " + example + ", got '"
                    + text(key) + "'");
        }
    }

    Duration positiveDuration(ConfigKey key) {
        Duration value = duration(key, "PT1M or P5D");
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(key.variable() + ": must be positive, got " + value);
        }
        return value;
    }

    boolean flag(ConfigKey key) {
        String value = text(key).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigException(key.variable() + ": expected true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    /** {@code null} when empty. */
    Path readableFile(ConfigKey key) {
        String value = text(key);
        if (value == null) {
            return null;
        }
        Path file = Path.of(value);
        if (!Files.isReadable(file)) {
            throw new ConfigException(key.variable() + ": cannot read " + file);
        }
        return file;
    }
}
