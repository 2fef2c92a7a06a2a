package dev.storerelay.adapter.relay.inbound;

import dev.storerelay.adapter.relay.ListenerSecurity;
import dev.storerelay.adapter.relay.ListenerTls;
import dev.storerelay.adapter.relay.testing.TestCertificates;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** STARTTLS on the listener (RFC 3207) with PKCS#12 and PEM key material, over real loopback sockets. */
class StartTlsIT {
    private static final String MESSAGE = "Subject: hi\r\n\r\nHello\r\n.\r\n";

    @TempDir
    Path dir;

    private final RecordingRelay relay = new RecordingRelay();
    private final FakeRelayCredentials credentials = new FakeRelayCredentials().with("shop7", "pw", "S7");
    @RegisterExtension
    final OpenListeners open = new OpenListeners();

    @Test
    void pkcs12CertificateUpgradesTheSessionWhichStartsAgainAfterTheHandshake() throws Exception {
        SmtpTestClient client = connect(new ListenerTls.Pkcs12(TestCertificates.localhost().keyStore(),
                new Secret(TestCertificates.PASSWORD)));
        assertThat(client.send("EHLO legacy\r\n").expect("250 ")).contains("250-STARTTLS");
        client.send("MAIL FROM:<app@example.com>\r\nSTARTTLS\r\n").expectAll("250 2.1.0", "220 2.0.0 Ready to start TLS");
        client.startTls(TlsTestContexts.trustingLocalhost());

        client.send("RCPT TO:<x@example.org>\r\n").expect("503 5.5.1");            // EHLO again first, RFC 3207 §4.2
        List<String> ehlo = client.send("EHLO legacy\r\n").expect("250 ");
        assertThat(ehlo).doesNotContain("250-STARTTLS").contains("250-AUTH PLAIN LOGIN");
        client.send("RCPT TO:<x@example.org>\r\nSTARTTLS\r\n").expectAll("503 5.5.1 Need MAIL", "503 5.5.1 TLS is already active");
        client.send("AUTH PLAIN " + SmtpSessionPolicyTest.plain("", "shop7", "pw") + "\r\nMAIL FROM:<app@example.com>\r\n"
                + "RCPT TO:<x@example.org>\r\nDATA\r\n" + MESSAGE + "QUIT\r\n")
                .expectAll("235 2.7.0", "250 2.1.0", "250 2.1.5", "354 ", "250 2.0.0 Ok: queued as 1", "221 ");
        assertThat(relay.commands()).singleElement().satisfies(c -> assertThat(c.authenticatedUnit()).isEqualTo(UnitId.of("S7")));
        assertThat(credentials.threads()).allSatisfy(thread -> assertThat(thread).startsWith("smtp-relay"));
    }

    @Test
    void pemCertificateAndPkcs8KeyWork() throws Exception {
        SmtpTestClient client = connect(new ListenerTls.Pem(TestCertificates.localhost().certificatePem(),
                TlsTestContexts.localhostKeyPem(dir)));
        client.send("EHLO legacy\r\nSTARTTLS\r\n").expectAll("250 ENHANCEDSTATUSCODES", "220 2.0.0");
        client.startTls(TlsTestContexts.trustingLocalhost());
        client.send("EHLO legacy\r\nNOOP\r\n").expectAll("250 ENHANCEDSTATUSCODES", "250 2.0.0");
    }

    @Test
    void commandsPipelinedBehindStartTlsCloseTheConnection() throws Exception {
        SmtpTestClient client = connect(new ListenerTls.Pkcs12(TestCertificates.localhost().keyStore(),
                new Secret(TestCertificates.PASSWORD)));
        client.send("EHLO legacy\r\n").expect("250 ");
        client.send("STARTTLS\r\nMAIL FROM:<evil@example.com>\r\n").expect("554 5.5.1");
        assertThat(client.isClosedByServer()).isTrue();
    }

    @Test
    void withoutACertificateStartTlsIsNeitherOfferedNorAccepted() throws Exception {
        SmtpTestClient client = connect(null);
        assertThat(client.send("EHLO legacy\r\n").expect("250 ")).doesNotContain("250-STARTTLS");
        client.send("STARTTLS\r\nNOOP\r\n").expectAll("502 5.5.1", "250 2.0.0");
    }

    @Test
    void unusableKeyMaterialStopsTheStartWithTheFileNamed() {
        Path missing = dir.resolve("missing.p12");
        SmtpServer server = server(new ListenerTls.Pkcs12(missing, null));
        assertThatIllegalStateException().isThrownBy(server::start).withMessageContaining("missing.p12");
    }

    private SmtpServer server(ListenerTls tls) {
        return open.add(TestSmtpServers.listener(TestListenerConfigs.loopback().build())
                .security(new ListenerSecurity(tls, false, false)).relay(relay).credentials(credentials).build());
    }

    private SmtpTestClient connect(ListenerTls tls) throws IOException {
        SmtpServer server = server(tls);
        server.start();
        SmtpTestClient client = open.client(server);
        client.expect("220 relay.test");
        return client;
    }
}
