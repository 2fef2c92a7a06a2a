package dev.storerelay.domain.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** The seed's "SMTP Server Address": a host name, an IPv4 literal or an IPv6 literal (without brackets). */
public record ServerAddress(String value) {
    private static final int MAX_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    public ServerAddress {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a host name or IP address: " + Texts.printable(value));
        }
        value = value.toLowerCase(Locale.ROOT);
    }

    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
            return false;
        }
        if (candidate.indexOf(':') >= 0) {
            return isIpv6(candidate);
        }
        if (IPV4.matcher(candidate).matches()) {
            return true;
        }
        String name = candidate.endsWith(".") ? candidate.substring(0, candidate.length() - 1) : candidate;
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // An all-numeric last label would be a mistyped IPv4 address, not a host name.
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    private static boolean isIpv6(String candidate) {
        String text = candidate;
        int groupsNeeded = 8;
        int lastColon = text.lastIndexOf(':');
        String tail = text.substring(lastColon + 1);
        if (tail.indexOf('.') >= 0) {               // IPv4-mapped tail, e.g. ::ffff:192.0.2.1
            if (!IPV4.matcher(tail).matches()) {
                return false;
            }
            text = text.substring(0, lastColon + 1) + "0:0";
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] parts = text.replace("::", ":z:").split(":", -1);
        int groups = 0;
        boolean compressed = false;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.equals("z")) {
                compressed = true;
            } else if (part.isEmpty()) {
                boolean edgeOfCompression = (i == 0 && parts.length > 1 && parts[1].equals("z"))
                        || (i == parts.length - 1 && i > 0 && parts[i - 1].equals("z"));
                if (!edgeOfCompression) {
                    return false;
                }
            } else if (IPV6_GROUP.matcher(part).matches()) {
                groups++;
            } else {
                return false;
            }
        }
        return compressed ? groups < groupsNeeded : groups == groupsNeeded;
    }

    @Override
    public String toString() {
        return value;
    }
}
