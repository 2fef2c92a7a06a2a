package dev.storerelay.bootstrap;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, for checking the shipped alerts and dashboard against the metrics
 * the relay exports. Not a parser (promtool checks the syntax): it removes what cannot be a metric name — string
 * literals, label matchers, ranges, grouping label lists, Grafana variables — and keeps the identifiers that are
 * neither a function call nor a keyword.
 */
final class PromQlNames {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** A number or duration (0.99, 1e3, 10m, 1h30m) is consumed whole, so its unit is not taken for a name. */
    private static final Pattern TOKEN = Pattern.compile("(\\d[\\w.+]*)|([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan", "atan2");

    private PromQlNames() {
    }

    static Set<String> metricNames(String expression) {
        String rest = STRING.matcher(expression).replaceAll(" ");
        rest = GRAFANA_VARIABLE.matcher(rest).replaceAll(" ");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher token = TOKEN.matcher(rest);
        while (token.find()) {
            String name = token.group(2);
            if (name == null || KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            int next = token.end();
            while (next < rest.length() && Character.isWhitespace(rest.charAt(next))) {
                next++;
            }
            boolean functionCall = next < rest.length() && rest.charAt(next) == '(';
            if (!functionCall) {
                names.add(name);
            }
        }
        return names;
    }
}
