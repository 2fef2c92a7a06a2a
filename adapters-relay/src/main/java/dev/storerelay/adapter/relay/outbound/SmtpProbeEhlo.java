package dev.storerelay.adapter.relay.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a server's EHLO reply offers: its extension keywords (RFC 5321 §4.1.1.1) and its SASL mechanisms.
 *
 * @param keywords       upper-case keywords, e.g. {@code STARTTLS}, {@code AUTH}, {@code SIZE}
 * @param authMechanisms upper-case mechanisms in the server's order, e.g. {@code PLAIN}, {@code LOGIN}
 */
record SmtpProbeEhlo(Set<String> keywords, List<String> authMechanisms) {
    /** After HELO, when the server does not know EHLO: no extensions at all. */
    static final SmtpProbeEhlo NOTHING = new SmtpProbeEhlo(Set.of(), List.of());

    SmtpProbeEhlo {
        keywords = Set.copyOf(keywords);
        authMechanisms = List.copyOf(authMechanisms);
    }

    /** The first line greets; each further line is one keyword with its parameters. */
    static SmtpProbeEhlo of(SmtpProbeReply reply) {
        Set<String> keywords = new TreeSet<>();
        List<String> mechanisms = new ArrayList<>();
        for (String line : reply.lines().subList(1, reply.lines().size())) {
            String[] words = line.strip().toUpperCase(Locale.ROOT).split("[ =]+");
            if (words[0].isEmpty()) {
                continue;
            }
            keywords.add(words[0]);
            // "AUTH=LOGIN PLAIN" is the pre-RFC 4954 form some servers still send alongside "AUTH LOGIN PLAIN".
            if (words[0].equals("AUTH")) {
                for (int i = 1; i < words.length; i++) {
                    if (!mechanisms.contains(words[i])) {
                        mechanisms.add(words[i]);
                    }
                }
            }
        }
        return new SmtpProbeEhlo(keywords, mechanisms);
    }

    boolean offers(String keyword) {
        return keywords.contains(keyword);
    }
}
