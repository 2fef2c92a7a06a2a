package dev.storerelay.application.service;

import dev.storerelay.application.testing.InMemoryUnitSettings;
import dev.storerelay.application.testing.InMemoryOrgUnits;
import dev.storerelay.domain.model.UpstreamLogin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.application.port.in.SmtpTestReport.Direction;
import dev.storerelay.application.port.in.SmtpTestReport.TranscriptLine;
import dev.storerelay.application.port.out.SmtpProbePort;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.Port;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.SecureSocketOptions;
import dev.storerelay.domain.model.ServerAddress;
import dev.storerelay.domain.model.SmtpConnection;
import dev.storerelay.domain.model.TlsBehaviour;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitSettings;
import dev.storerelay.domain.model.UpstreamReply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestSmtpConnectionServiceTest {
    private static final EmailAddress SYSTEM_DEFAULT = new EmailAddress("no-reply@localhost");
    private static final EmailAddress CUSTOMER = new EmailAddress("admin@example.com");

    private final InMemoryUnitSettings settings = new InMemoryUnitSettings();
    private final InMemoryOrgUnits units = new InMemoryOrgUnits(settings).withStoreInRegion();
    private final RecordingProbe probe = new RecordingProbe();
    private final TestSmtpConnectionService service =
            new TestSmtpConnectionService(new ResolveStoreSettingsService(units, settings, SYSTEM_DEFAULT), probe);

    /** Records each probe and answers with a scripted report. */
    private static final class RecordingProbe implements SmtpProbePort {
        record Call(ConnectionPlan plan, TestMail testMail) {
        }

        final List<Call> calls = new ArrayList<>();
        SmtpTestReport answer = new SmtpTestReport(true, "Connected, TLSv1.3, logged in as 'north'.", "smtp.north.example:587",
                "TLSv1.3", "TLS_AES_128_GCM_SHA256", List.of(new TranscriptLine(Direction.SERVER, "220 smtp.north.example ESMTP")));

        @Override
        public SmtpTestReport probe(ConnectionPlan plan, TestMail testMail) {
            calls.add(new Call(plan, testMail));
            return answer;
        }
    }

    private static SmtpConnection startTls587() {
        return new SmtpConnection(new ServerAddress("smtp.north.example"), new Port(587), "north", new Secret("north-pw"),
                SecureSocketOptions.START_TLS);
    }

    @Test
    void anUnknownUnitHasNoReportAndNothingIsTried() {
        assertThat(service.test(UnitId.of("ghost"), CUSTOMER)).isEmpty();
        assertThat(probe.calls).isEmpty();
    }

    @Test
    void aUnitWithoutAnEffectiveServerFailsWithoutConnecting() {
        settings.with("s1", new UnitSettings(null, new EmailAddress("s1@example.com")));

        SmtpTestReport report = service.test(UnitId.of("s1"), CUSTOMER).orElseThrow();

        assertThat(report.success()).isFalse();
        assertThat(report.verdict()).isEqualTo("No SMTP server is set for this unit or any unit above it, so it cannot send email.");
        assertThat(report.server()).isNull();
        assertThat(report.transcript()).isEmpty();
        assertThat(probe.calls).isEmpty();
    }

    @Test
    void theProbeGetsTheInheritedConnectionPlanDeliveryWouldUse() {
        settings.with("north", new UnitSettings(startTls587(), null));

        service.test(UnitId.of("s1"), null);

        assertThat(probe.calls).singleElement().satisfies(call -> {
            assertThat(call.plan().host().value()).isEqualTo("smtp.north.example");
            assertThat(call.plan().port()).isEqualTo(587);
            assertThat(call.plan().tls()).isEqualTo(TlsBehaviour.STARTTLS_REQUIRED);
            assertThat(call.plan().login()).map(UpstreamLogin::username).contains("north");
        });
    }

    @Test
    void withoutARecipientOnlyTheConnectionIsTested() {
        settings.with("north", new UnitSettings(startTls587(), null));

        service.test(UnitId.of("s1"), null);

        assertThat(probe.calls).singleElement().extracting(RecordingProbe.Call::testMail).isNull();
    }

    @Test
    void theTestMailComesFromTheUnitsEffectiveOutgoingAddress() {
        settings.with("north", new UnitSettings(startTls587(), new EmailAddress("north@shop.example")))
                .with("s1", new UnitSettings(null, new EmailAddress("s1@shop.example")));

        service.test(UnitId.of("s1"), CUSTOMER);

        assertThat(probe.calls).singleElement().extracting(RecordingProbe.Call::testMail)
                .isEqualTo(new SmtpProbePort.TestMail(new EmailAddress("s1@shop.example"), CUSTOMER));
    }

    @Test
    void withoutAnOutgoingAddressAnywhereTheTestMailComesFromTheSystemDefaultSender() {
        settings.with("company", new UnitSettings(startTls587(), null));

        service.test(UnitId.of("s1"), CUSTOMER);

        assertThat(probe.calls).singleElement().extracting(c -> c.testMail().from()).isEqualTo(SYSTEM_DEFAULT);
    }

    @Test
    void theProbesVerdictAndTlsFactsAreReportedAsTheyAre() {
        settings.with("north", new UnitSettings(startTls587(), null));
        probe.answer = new SmtpTestReport(false, "Login failed: the server answered 535 5.7.8 Authentication failed.",
                "smtp.north.example:587", "TLSv1.3", "TLS_AES_128_GCM_SHA256",
                List.of(new TranscriptLine(Direction.SERVER, "535 5.7.8 Authentication failed")));

        SmtpTestReport report = service.test(UnitId.of("s1"), CUSTOMER).orElseThrow();

        assertThat(report.success()).isFalse();
        assertThat(report.verdict()).startsWith(probe.answer.verdict());
        assertThat(report.server()).isEqualTo("smtp.north.example:587");
        assertThat(report.tlsProtocol()).isEqualTo("TLSv1.3");
        assertThat(report.tlsCipher()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(report.transcript()).endsWith(new TranscriptLine(Direction.SERVER, "535 5.7.8 Authentication failed"));
    }

    @Test
    void theServersCertificateChainIsReportedAsTheProbeSawIt() {
        settings.with("north", new UnitSettings(startTls587(), null));
        SmtpTestReport.Certificate certificate = new SmtpTestReport.Certificate("CN=smtp.north.example", "CN=North CA",
                java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.Instant.parse("2027-01-01T00:00:00Z"),
                "AB:CD:EF");
        probe.answer = new SmtpTestReport(false, "The server's certificate is not trusted.", "smtp.north.example:587",
                null, null, List.of(), List.of(certificate));

        SmtpTestReport report = service.test(UnitId.of("s1"), null).orElseThrow();

        assertThat(report.certificateChain()).containsExactly(certificate);
    }

    @Test
    void theTranscriptFirstSaysWhoseSettingsAreTestedWithoutThePassword() {
        settings.with("north", new UnitSettings(startTls587(), null));

        SmtpTestReport report = service.test(UnitId.of("s1"), CUSTOMER).orElseThrow();

        TranscriptLine first = report.transcript().get(0);
        assertThat(first.direction()).isEqualTo(Direction.NOTE);
        assertThat(first.text()).contains("Region North (north)", "smtp.north.example", "login 'north'");
        assertThat(report.transcript()).extracting(TranscriptLine::text).noneMatch(text -> text.contains("north-pw"));
        assertThat(report.transcript()).contains(probe.answer.transcript().get(0));
    }

    @Test
    void aWellKnownRefusalInTheTranscriptAddsWhatItMeansAndWhatToDoAfterTheVerdict() {
        settings.with("north", new UnitSettings(startTls587(), null));
        String verdict = "Login failed: the server answered 535 5.7.139 Authentication unsuccessful, the request did not "
                + "meet the criteria to be authenticated successfully. Contact your administrator.";
        probe.answer = new SmtpTestReport(false, verdict, "smtp.office365.com:587", "TLSv1.3", "TLS_AES_256_GCM_SHA384",
                List.of(new TranscriptLine(Direction.CLIENT, "AUTH LOGIN"),
                        new TranscriptLine(Direction.SERVER, "535 5.7.139 Authentication unsuccessful, the request did "
                                + "not meet the criteria to be authenticated successfully. Contact your administrator. "
                                + "[AM0PR01CA0001.eurprd01.prod.exchangelabs.com]"),
                        new TranscriptLine(Direction.CLIENT, "QUIT"),
                        new TranscriptLine(Direction.SERVER, "221 2.0.0 Service closing transmission channel")));

        SmtpTestReport report = service.test(UnitId.of("s1"), null).orElseThrow();

        assertThat(report.success()).isFalse();
        assertThat(report.verdict()).startsWith(verdict + " What this means: Microsoft 365 refused the login")
                .contains(" What to do: In the Microsoft 365 admin center, turn on Authenticated SMTP for the mailbox",
                        "OAuth 2.0 (Microsoft 365)");
        assertThat(report.transcript()).endsWith(probe.answer.transcript().toArray(TranscriptLine[]::new));
    }

    @Test
    void aMultiLineRefusalIsReadWhole() {
        settings.with("north", new UnitSettings(startTls587(), null));
        probe.answer = new SmtpTestReport(false, "Login failed.", "smtp.gmail.com:587", "TLSv1.3", "TLS_AES_256_GCM_SHA384",
                List.of(new TranscriptLine(Direction.SERVER, "534-5.7.9 Application-specific password required. Learn more at"),
                        new TranscriptLine(Direction.SERVER, "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor - gsmtp")));

        assertThat(service.test(UnitId.of("s1"), null).orElseThrow().verdict())
                .startsWith("Login failed. What this means: Google refused the account's normal password")
                .contains("App passwords");
    }

    @Test
    void theFailingReplyTheProberNamesIsExplainedEvenWithoutAnSmtpReply() {
        settings.with("north", new UnitSettings(startTls587(), null));
        probe.answer = new SmtpTestReport(false, "No OAuth 2.0 token could be had.", "smtp.office365.com:587", null, null,
                List.of(new TranscriptLine(Direction.SERVER, "220 ready")), List.of(),
                UpstreamReply.noReply("OAuth 2.0 token refused by login.microsoftonline.com: invalid_client (AADSTS7000215: "
                        + "Invalid client secret provided.)"));

        SmtpTestReport report = service.test(UnitId.of("s1"), null).orElseThrow();

        assertThat(report.verdict()).startsWith("No OAuth 2.0 token could be had. What this means: Microsoft Entra ID did "
                + "not accept the client secret").contains("Value (not the Secret ID)");
        assertThat(report.failingReply()).isEqualTo(probe.answer.failingReply());
    }

    @Test
    void aTokenRefusalQuotedInTheVerdictIsExplained() {
        settings.with("north", new UnitSettings(startTls587(), null));
        probe.answer = new SmtpTestReport(false, "Could not log in: OAuth 2.0 token refused by oauth2.googleapis.com: "
                + "invalid_grant (Token has been expired or revoked.)", "smtp.gmail.com:587", null, null, List.of());

        assertThat(service.test(UnitId.of("s1"), null).orElseThrow().verdict())
                .contains("What this means: The token endpoint refused the grant");
    }

    @Test
    void aPassingTestAndAnUnknownRefusalKeepTheVerdictAsItIs() {
        settings.with("north", new UnitSettings(startTls587(), null));

        assertThat(service.test(UnitId.of("s1"), null).orElseThrow().verdict()).isEqualTo(probe.answer.verdict());

        probe.answer = new SmtpTestReport(false, "The server refused the recipient <x@example.com>: 550 5.1.1 no such user.",
                "smtp.north.example:587", null, null, List.of(new TranscriptLine(Direction.SERVER, "550 5.1.1 no such user")));
        assertThat(service.test(UnitId.of("s1"), null).orElseThrow().verdict()).isEqualTo(probe.answer.verdict());
    }
}
