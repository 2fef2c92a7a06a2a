package dev.storerelay.application.port.out;

import dev.storerelay.application.port.in.SmtpTestReport;
import dev.storerelay.domain.model.ConnectionPlan;
import dev.storerelay.domain.model.EmailAddress;

import java.util.Objects;

/** Tries out an upstream SMTP server the way delivery would use it, and tells what happened. */
public interface SmtpProbePort {

    /**
     * Connects to the plan's host and port, uses TLS exactly as the plan's {@link ConnectionPlan#tls() TLS behaviour}
     * says (with the same certificate checks as delivery), logs in when the plan has a login, sends {@code testMail}
     * when given, and ends with {@code QUIT}. Never throws for a problem on the server's side or on the way to it
     * (unknown host, refused connection, timeout, TLS or certificate failure, missing STARTTLS or AUTH, a refused
     * login, a 4xx or 5xx reply): the report then has {@code success == false} and a verdict saying what went wrong.
     * The report's transcript never contains the password, an access token or any AUTH data. With TLS the report
     * has the server's certificate chain, also when it was not trusted.
     *
     * @param testMail the test message to send, or {@code null} to stop after the login
     */
    SmtpTestReport probe(ConnectionPlan plan, TestMail testMail);

    /** A short test message: envelope and {@code From:}/{@code To:} addresses. */
    record TestMail(EmailAddress from, EmailAddress to) {
        public TestMail {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }
}
