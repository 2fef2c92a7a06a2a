package dev.storerelay.bootstrap;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Properties;

/** A legacy system as the relay sees it: a plain SMTP client on loopback (Angus Mail's client). */
final class RelayClient {
    private final Session session;

    RelayClient(int port) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(port));
        props.put("mail.smtp.localhost", "erp.legacy.local");
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "30000");
        session = Session.getInstance(props);
    }

    /** Sends one message and returns the relay's final reply to DATA (e.g. "250 2.0.0 Ok: queued as 12"). */
    String send(String storeId, String from, String to, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(subject);
        message.setText("Hello from the legacy ERP: " + subject + "\n");
        if (storeId != null) {
            message.setHeader("X-Store-Id", storeId);
        }
        message.saveChanges();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
            return ((org.eclipse.angus.mail.smtp.SMTPTransport) transport).getLastServerResponse();
        }
    }
}
