package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.EmailAddress;
import dev.storerelay.domain.model.UnitId;

import java.util.Optional;

/**
 * "Test connection / send test email" of the SMTP Server screen: talks to a unit's <em>effective</em> server exactly
 * as delivery would (same connection plan, TLS rules, certificate checks and login) and reports what happened.
 */
public interface TestSmtpConnectionUseCase {

    /**
     * Connects, negotiates TLS as the unit's secure socket option says, logs in if a login is set, and with
     * {@code testRecipient} also sends a short test message from the unit's outgoing address; otherwise ends after
     * the login. Empty when the unit does not exist. Never throws for a server problem: that is in the report.
     *
     * @param testRecipient where to send a test message, or {@code null} to test the connection only
     */
    Optional<SmtpTestReport> test(UnitId unit, EmailAddress testRecipient);
}
