package dev.storerelay.bootstrap;

import dev.storerelay.adapter.relay.testing.TestCertificates;
import org.junit.jupiter.api.Test;

import javax.net.ssl.X509TrustManager;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one trust of every upstream TLS client: the JDK's CAs plus the operator's trust store, never less. */
class UpstreamTrustTest {

    @Test
    void withoutAnOperatorTrustStoreTheJdksCasAreTrustedAndNothingElse() throws Exception {
        X509TrustManager trust = UpstreamTrust.trustManager(null, null);

        assertThat(trust.getAcceptedIssuers()).containsExactlyInAnyOrder(TestCertificates.jdkTrust().getAcceptedIssuers());
        X509Certificate[] localhost = {certificate(TestCertificates.localhost().trustStore())};
        assertThatThrownBy(() -> trust.checkServerTrusted(localhost, "ECDHE_ECDSA")).isInstanceOf(CertificateException.class);
    }

    @Test
    void theOperatorsCasComeOnTopOfTheJdks() throws Exception {
        Path trustStore = TestCertificates.localhost().trustStore();
        X509TrustManager trust = UpstreamTrust.trustManager(trustStore, TestCertificates.PASSWORD);

        X509Certificate operatorCa = certificate(trustStore);
        assertThat(trust.getAcceptedIssuers()).contains(TestCertificates.jdkTrust().getAcceptedIssuers()).contains(operatorCa)
                .hasSize(TestCertificates.jdkTrust().getAcceptedIssuers().length + 1);
        assertThatCode(() -> trust.checkServerTrusted(new X509Certificate[] {operatorCa}, "ECDHE_ECDSA")).doesNotThrowAnyException();
    }

    @Test
    void anUnreadableTrustStoreNamesTheVariable() {
        Path trustStore = TestCertificates.localhost().trustStore();

        assertThatThrownBy(() -> UpstreamTrust.trustManager(trustStore, "wrong password"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("STORE_RELAY_TRUSTSTORE: cannot read PKCS#12 trust store");
    }

    private static X509Certificate certificate(Path trustStore) throws Exception {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, TestCertificates.PASSWORD.toCharArray());
            return (X509Certificate) store.getCertificate(store.aliases().nextElement());
        }
    }
}
