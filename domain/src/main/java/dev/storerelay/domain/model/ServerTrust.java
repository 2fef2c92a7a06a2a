package dev.storerelay.domain.model;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a unit trusts for its upstream server's certificate besides the CAs of the JDK and of the operator's trust
 * store: certificates pinned by their SHA-256 fingerprint (such a certificate is trusted whoever issued it, a
 * self-signed one too; its host name is still checked), and CA certificates trusted for this unit only. Part of the
 * connection block and inherited with it. Verification itself is never switched off.
 *
 * @param pinnedSha256      fingerprints as 64 lower-case hex digits
 * @param caCertificatesPem one or more PEM certificates; {@code null} when none
 */
public record ServerTrust(List<String> pinnedSha256, String caCertificatesPem) {
    public static final ServerTrust DEFAULT = new ServerTrust(List.of(), null);
    public static final String PINNED_SHA256 = "trust.pinnedSha256";
    public static final String CA_CERTIFICATES_PEM = "trust.caCertificatesPem";
    public static final int MAX_PINS = 10;
    public static final int MAX_PEM = 64 * 1024;
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

    public ServerTrust {
        pinnedSha256 = List.copyOf(pinnedSha256);
        List<Violation> problems = check(pinnedSha256, caCertificatesPem);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid server trust: " + problems);
        }
    }

    /** From the fingerprints as an admin may write them ({@code AB:CD:…} or plain hex, any case) and PEM text. */
    public static Validated<ServerTrust> parse(List<String> fingerprints, String caCertificatesPem) {
        List<String> normalised = new ArrayList<>();
        for (String fingerprint : fingerprints) {
            normalised.add(normalise(fingerprint));
        }
        String pem = Texts.isBlank(caCertificatesPem) ? null : caCertificatesPem.strip();
        List<Violation> problems = check(normalised, pem);
        return problems.isEmpty() ? new Validated.Valid<>(new ServerTrust(normalised, pem)) : new Validated.Invalid<>(problems);
    }

    /** A fingerprint in the stored form: colons and white space removed, lower case. */
    public static String normalise(String fingerprint) {
        return Objects.requireNonNull(fingerprint, "fingerprint").replaceAll("[:\\s]", "").toLowerCase(Locale.ROOT);
    }

    /** The fingerprint as certificate viewers show it: upper-case hex pairs with colons. */
    public static String display(String fingerprint) {
        byte[] bytes = HexFormat.of().parseHex(fingerprint);
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
    }

    public boolean isDefault() {
        return pinnedSha256.isEmpty() && caCertificatesPem == null;
    }

    private static List<Violation> check(List<String> pins, String pem) {
        List<Violation> problems = new ArrayList<>();
        if (pins.size() > MAX_PINS) {
            problems.add(new Violation(PINNED_SHA256, "Pin at most " + MAX_PINS + " certificates."));
        }
        for (int i = 0; i < pins.size(); i++) {
            if (pins.get(i) == null || !FINGERPRINT.matcher(pins.get(i)).matches()) {
                problems.add(new Violation(PINNED_SHA256 + "[" + i + "]",
                        "A SHA-256 fingerprint is 32 bytes in hex, e.g. 3A:5F:…, as the connection test shows it."));
            }
        }
        if (pem != null) {
            if (pem.length() > MAX_PEM) {
                problems.add(new Violation(CA_CERTIFICATES_PEM, "At most " + MAX_PEM + " characters of PEM certificates."));
            } else if (certificates(pem) == 0) {
                problems.add(new Violation(CA_CERTIFICATES_PEM,
                        "Paste one or more CA certificates in PEM form (-----BEGIN CERTIFICATE----- …)."));
            }
        }
        return problems;
    }

    /** How many X.509 certificates the PEM text holds; 0 when it is not PEM certificates at all. */
    private static int certificates(String pem) {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            return 0;
        }
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).size();
        } catch (CertificateException e) {
            return 0;
        }
    }
}
