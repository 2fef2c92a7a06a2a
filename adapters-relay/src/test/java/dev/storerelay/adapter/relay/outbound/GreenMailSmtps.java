package dev.storerelay.adapter.relay.outbound;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.storerelay.adapter.relay.testing.TestCertificates;

/**
 * GreenMail's SMTPS server (TLS on connect) on a free port, presenting the localhost test certificate. GreenMail
 * reads its key store from system properties, so every server a test JVM starts presents the same one.
 */
final class GreenMailSmtps {
    private GreenMailSmtps() {
    }

    static GreenMail start() {
        return start(GreenMailConfiguration.aConfig());
    }

    /** With one mailbox whose login the upstream accepts. */
    static GreenMail withUser(String user, String password) {
        return start(GreenMailConfiguration.aConfig().withUser(user, password));
    }

    private static GreenMail start(GreenMailConfiguration configuration) {
        System.setProperty("greenmail.tls.keystore.file", TestCertificates.localhost().keyStore().toString());
        System.setProperty("greenmail.tls.keystore.password", TestCertificates.PASSWORD);
        GreenMail smtps = new GreenMail(ServerSetupTest.SMTPS.dynamicPort());
        smtps.withConfiguration(configuration);
        smtps.start();
        return smtps;
    }
}
