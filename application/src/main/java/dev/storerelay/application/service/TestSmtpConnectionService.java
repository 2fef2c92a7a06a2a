package dev.storerelay.application.service;

import dev.storerelay.application.port.in.ResolveStoreSettingsUseCase;
import dev.storerelay.application.port.in.ResolvedSettings;
import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.application.port.in.SmtpTestReport.Direction;
import dev.storerelay.application.port.in.SmtpTestReport.TranscriptLine;
import dev.storerelay.application.port.in.TestSmtpConnectionUseCase;
import dev.storerelay.application.port.out.SmtpProbePort;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EffectiveSettings;
import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.Provenance;
import dev.storerelay.domain.model.AuthenticationMethod;
import dev.storerelay.domain.model.ReplyAdvice;
import dev.storerelay.domain.model.Sourced;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.policy.ProviderReplies;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tests a unit's effective SMTP server with the very connection plan delivery would use ({@code POST
 * /api/units/{id}/smtp/test}, README, *Admin JSON API*), so a passing test means delivery can reach the server, and a
 * failing one says why in the admin's words: when the failing reply is a well-known one, the verdict goes on with what
 * it means and what to do.
 */
public final class TestSmtpConnectionService implements TestSmtpConnectionUseCase {
    static final String NO_SERVER = "No SMTP server is set for this unit or any unit above it, so it cannot send email.";

    private final ResolveStoreSettingsUseCase resolver;
    private final SmtpProbePort probe;

    public TestSmtpConnectionService(ResolveStoreSettingsUseCase resolver, SmtpProbePort probe) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    @Override
    public Optional<SmtpTestReport> test(UnitId unit, EmailAddress testRecipient) {
        return resolver.resolve(unit).map(resolved -> test(resolved, testRecipient));
    }

    private SmtpTestReport test(ResolvedSettings resolved, EmailAddress testRecipient) {
        Optional<ConnectionPlan> plan = resolved.connectionPlan();
        if (plan.isEmpty()) {
            // Like held mail (README, *Pointing a legacy system at it*): there is nothing to connect to, so nothing is
            // tried.
            return new SmtpTestReport(false, NO_SERVER, null, null, null, List.of());
        }
        EffectiveSettings settings = resolved.settings();
        // The test mail goes out with the sender every message of this unit gets (README, *Pointing a legacy system at
        // it*: the outgoing email address).
        SmtpProbePort.TestMail mail = testRecipient == null ? null
                : new SmtpProbePort.TestMail(settings.outgoingEmailAddress().value(), testRecipient);
        SmtpTestReport report = probe.probe(plan.get(), mail);
        return explained(withTranscriptHead(report, whatIsTested(settings, plan.get(), mail)));
    }

    /** The prober's verdict first, as it was; the advice after it, so the admin reads what happened before why. */
    private static SmtpTestReport explained(SmtpTestReport report) {
        Optional<ReplyAdvice> advice = FailingReply.of(report).flatMap(ProviderReplies::explain);
        if (advice.isEmpty()) {
            return report;
        }
        return report.withVerdict(report.verdict() + " What this means: " + advice.get().cause() + " What to do: "
                + advice.get().fix());
    }

    /** Tells the admin which unit's settings were tested, since with inheritance that is often not the unit itself. */
    private static List<TranscriptLine> whatIsTested(EffectiveSettings settings, ConnectionPlan plan, SmtpProbePort.TestMail mail) {
        List<TranscriptLine> head = new ArrayList<>();
        String from = settings.effectiveConnection().map(Sourced::source).map(TestSmtpConnectionService::describe).orElse("");
        head.add(note("Testing the SMTP server " + from + " (" + plan.host() + ")"
                + plan.login().map(login -> ", with login '" + login.username() + "'" + (login.method() == AuthenticationMethod.OAUTH2 ? " and OAuth 2.0" : "")).orElse(", without login")
                + "."));
        if (mail != null) {
            head.add(note("Test email from " + mail.from() + " (outgoing email address "
                    + describe(settings.outgoingEmailAddress().source()) + ") to " + mail.to() + "."));
        }
        return head;
    }

    private static String describe(Provenance source) {
        if (source instanceof Provenance.FromUnit unit) {
            return "set on " + unit.unitName() + " (" + unit.unitId() + ")";
        }
        return "from the system default";
    }

    private static SmtpTestReport withTranscriptHead(SmtpTestReport report, List<TranscriptLine> head) {
        List<TranscriptLine> lines = new ArrayList<>(head);
        lines.addAll(report.transcript());
        return report.withTranscript(lines);
    }

    private static TranscriptLine note(String text) {
        return new TranscriptLine(Direction.NOTE, text);
    }
}
