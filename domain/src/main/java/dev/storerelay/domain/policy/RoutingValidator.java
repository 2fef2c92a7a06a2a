package dev.storerelay.domain.policy;

import dev.storerelay.domain.model.ClientNetwork;
import dev.storerelay.domain.model.RoutingTable;
import dev.storerelay.domain.model.SenderPattern;
import dev.storerelay.domain.model.Texts;
import dev.storerelay.domain.model.UnitId;
import dev.storerelay.domain.model.UnitRouting;
import dev.storerelay.domain.model.Validated;
import dev.storerelay.domain.model.Violation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a new set of sender patterns and client networks for a unit. Each entry is validated on its own (field
 * {@code senderPatterns[2]}, as the request lists them); an entry listed twice is an error rather than silently
 * merged, so the indices of the answer always match the request. {@link #conflicts} then makes sure no entry is
 * already another unit's: a sender or client address must lead to one unit only.
 */
public final class RoutingValidator {
    public static final String SENDER_PATTERNS = "senderPatterns";
    public static final String CLIENT_NETWORKS = "clientNetworks";
    public static final int MAX_SENDER_PATTERNS = 100;
    public static final int MAX_CLIENT_NETWORKS = 100;

    private RoutingValidator() {
    }

    /** The unit's new rules, or every violation found. {@code null} lists count as empty. */
    public static Validated<UnitRouting> validate(UnitId unit, List<String> senderPatterns, List<String> clientNetworks) {
        List<String> patternTexts = senderPatterns == null ? List.of() : senderPatterns;
        List<String> networkTexts = clientNetworks == null ? List.of() : clientNetworks;
        List<Violation> violations = new ArrayList<>();

        if (patternTexts.size() > MAX_SENDER_PATTERNS) {
            violations.add(new Violation(SENDER_PATTERNS, "At most " + MAX_SENDER_PATTERNS + " sender patterns per unit."));
        }
        List<SenderPattern> patterns = new ArrayList<>();
        Map<SenderPattern, Integer> seenPatterns = new HashMap<>();
        for (int i = 0; i < patternTexts.size() && i < MAX_SENDER_PATTERNS; i++) {
            String field = SENDER_PATTERNS + "[" + i + "]";
            Optional<SenderPattern> pattern = SenderPattern.parse(stripped(patternTexts.get(i)));
            if (pattern.isEmpty()) {
                violations.add(new Violation(field, "Enter an address such as erp@legacy.local or a domain such as @legacy.local."));
            } else if (seenPatterns.containsKey(pattern.get())) {
                violations.add(new Violation(field, "Listed twice (also " + SENDER_PATTERNS + "[" + seenPatterns.get(pattern.get()) + "])."));
            } else {
                seenPatterns.put(pattern.get(), i);
                patterns.add(pattern.get());
            }
        }

        if (networkTexts.size() > MAX_CLIENT_NETWORKS) {
            violations.add(new Violation(CLIENT_NETWORKS, "At most " + MAX_CLIENT_NETWORKS + " client networks per unit."));
        }
        List<ClientNetwork> networks = new ArrayList<>();
        Map<ClientNetwork, Integer> seenNetworks = new HashMap<>();
        for (int i = 0; i < networkTexts.size() && i < MAX_CLIENT_NETWORKS; i++) {
            String field = CLIENT_NETWORKS + "[" + i + "]";
            String text = stripped(networkTexts.get(i));
            Optional<String> problem = ClientNetwork.problem(text);
            if (problem.isPresent()) {
                violations.add(new Violation(field, problem.get()));
                continue;
            }
            ClientNetwork network = ClientNetwork.parse(text).orElseThrow();
            if (seenNetworks.containsKey(network)) {
                violations.add(new Violation(field, "Listed twice (also " + CLIENT_NETWORKS + "[" + seenNetworks.get(network) + "])."));
            } else {
                seenNetworks.put(network, i);
                networks.add(network);
            }
        }

        return violations.isEmpty()
                ? new Validated.Valid<>(new UnitRouting(unit, patterns, networks))
                : new Validated.Invalid<>(violations);
    }

    /** The entries of {@code update} that another unit already owns in {@code table}, naming that unit. */
    public static List<Violation> conflicts(UnitRouting update, RoutingTable table) {
        List<Violation> violations = new ArrayList<>();
        List<SenderPattern> patterns = update.senderPatterns();
        for (int i = 0; i < patterns.size(); i++) {
            SenderPattern pattern = patterns.get(i);
            Optional<UnitId> owner = table.ownerOf(pattern).filter(u -> !u.equals(update.unit()));
            if (owner.isPresent()) {
                violations.add(new Violation(SENDER_PATTERNS + "[" + i + "]",
                        "Sender pattern " + pattern + " already belongs to unit " + owner.get() + "."));
            }
        }
        List<ClientNetwork> networks = update.clientNetworks();
        for (int i = 0; i < networks.size(); i++) {
            ClientNetwork network = networks.get(i);
            Optional<UnitId> owner = table.ownerOf(network).filter(u -> !u.equals(update.unit()));
            if (owner.isPresent()) {
                violations.add(new Violation(CLIENT_NETWORKS + "[" + i + "]",
                        "Client network " + network + " already belongs to unit " + owner.get() + "."));
            }
        }
        return violations;
    }

    private static String stripped(String text) {
        return Texts.isBlank(text) ? null : text.strip();
    }
}
