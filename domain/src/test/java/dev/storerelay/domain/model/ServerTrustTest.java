package dev.storerelay.domain.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServerTrustTest {
    private static final String FINGERPRINT = "3A:5F:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD";

    @Test
    void fingerprintsAreStoredAsLowerCaseHexAndShownAsViewersShowThem() {
        Validated<ServerTrust> parsed = ServerTrust.parse(List.of(FINGERPRINT), " ");
        assertThat(parsed).isInstanceOf(Validated.Valid.class);
        ServerTrust trust = ((Validated.Valid<ServerTrust>) parsed).value();
        assertThat(trust.pinnedSha256()).containsExactly(FINGERPRINT.replace(":", "").toLowerCase());
        assertThat(ServerTrust.display(trust.pinnedSha256().get(0))).isEqualTo(FINGERPRINT);
        assertThat(trust.caCertificatesPem()).isNull();
        assertThat(trust.isDefault()).isFalse();
    }

    @Test
    void aWrongFingerprintOrTextThatIsNoCertificateIsNamedByItsField() {
        Validated<ServerTrust> parsed = ServerTrust.parse(List.of("ab:cd", FINGERPRINT), "not a certificate");
        assertThat(parsed).isInstanceOfSatisfying(Validated.Invalid.class, invalid -> assertThat(invalid.violations())
                .extracting(v -> ((Violation) v).field())
                .containsExactly(ServerTrust.PINNED_SHA256 + "[0]", ServerTrust.CA_CERTIFICATES_PEM));
    }
}
