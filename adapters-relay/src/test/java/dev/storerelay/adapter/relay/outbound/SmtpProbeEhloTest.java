package dev.storerelay.adapter.relay.outbound;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmtpProbeEhloTest {

    @Test
    void keywordsAndAuthMechanismsComeFromTheLinesAfterTheGreeting() {
        SmtpProbeEhlo ehlo = SmtpProbeEhlo.of(new SmtpProbeReply(250,
                List.of("mx.example.com greets relay.test", "SIZE 35882577", "starttls", "AUTH LOGIN PLAIN XOAUTH2", "8BITMIME")));

        assertThat(ehlo.keywords()).containsExactlyInAnyOrder("SIZE", "STARTTLS", "AUTH", "8BITMIME");
        assertThat(ehlo.offers("STARTTLS")).isTrue();
        assertThat(ehlo.authMechanisms()).containsExactly("LOGIN", "PLAIN", "XOAUTH2");
    }

    @Test
    void theOldAuthEqualsFormCountsToo() {
        SmtpProbeEhlo ehlo = SmtpProbeEhlo.of(new SmtpProbeReply(250, List.of("mx", "AUTH=LOGIN", "AUTH LOGIN PLAIN")));

        assertThat(ehlo.authMechanisms()).containsExactly("LOGIN", "PLAIN");
    }

    @Test
    void theGreetingLineIsNoKeyword() {
        SmtpProbeEhlo ehlo = SmtpProbeEhlo.of(new SmtpProbeReply(250, List.of("STARTTLS")));

        assertThat(ehlo.offers("STARTTLS")).isFalse();
        assertThat(ehlo.authMechanisms()).isEmpty();
    }
}
