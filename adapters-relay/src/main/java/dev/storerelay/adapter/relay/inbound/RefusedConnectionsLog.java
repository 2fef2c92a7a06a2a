package dev.storerelay.adapter.relay.inbound;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Logs refused connections as a flood, not one line each: a line per refused connection turned one flood into
 * 1,300 warnings and buried everything else. One warning when refusing starts, then at most one summary per interval
 * with how many were refused, why, and the busiest client addresses; and a line when an interval passes without
 * refusals. Thread-safe.
 */
final class RefusedConnectionsLog {
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    private static final int BUSIEST_SHOWN = 5;
    /** A flood from many addresses (IPv6) must not grow the counts without bound; the rest count as others. */
    private static final int MAX_CLIENTS_COUNTED = 1_000;
    private static final Comparator<Map.Entry<String, Integer>> BUSIEST_FIRST =
            Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    /** Runs the next summary after the delay; an event loop of the listener in production. */
    @FunctionalInterface
    interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    /** Why a connection was refused. */
    enum Reason {
        ALL_TAKEN("all connections are taken"),
        RESERVED_ONLY("only the reserved connections are left"),
        CLIENT_LIMIT("the client has as many connections open as one address may"),
        RESERVE_CHECK_FAILED("only the reserved connections are left and the client's right to one could not be checked");

        private final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private final Logger log;
    private final Duration interval;
    private final Scheduler scheduler;
    private final LongSupplier nanoTime;
    private final Map<String, Integer> byClient = new HashMap<>();
    private final Map<Reason, Integer> byReason = new EnumMap<>(Reason.class);
    private boolean refusing;
    private int refused;
    private int fromOthers;
    private long since;

    RefusedConnectionsLog(Logger log, Duration interval, Scheduler scheduler, LongSupplier nanoTime) {
        this.log = log;
        this.interval = interval;
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
    }

    synchronized void refused(String client, Reason reason) {
        if (!refusing) {
            refusing = true;
            since = nanoTime.getAsLong();
            log.warn("Refusing SMTP connections: {} (the first from {}); refusals are summarised every {} s",
                    reason.text, client, interval.toSeconds());
            scheduleSummary();
        }
        refused++;
        byReason.merge(reason, 1, Integer::sum);
        if (byClient.containsKey(client) || byClient.size() < MAX_CLIENTS_COUNTED) {
            byClient.merge(client, 1, Integer::sum);
        } else {
            fromOthers++;
        }
    }

    /** The summary of the interval so far, if anything was refused; when the listener stops. */
    synchronized void flush() {
        if (refused > 0) {
            summarise();
        }
    }

    private synchronized void onInterval() {
        if (refused == 0) {
            refusing = false;
            log.info("No SMTP connections refused for {} s", interval.toSeconds());
            return;
        }
        summarise();
        scheduleSummary();
    }

    private void summarise() {
        long seconds = Math.max(1, Duration.ofNanos(nanoTime.getAsLong() - since).toSeconds());
        String reasons = byReason.entrySet().stream().map(e -> e.getValue() + " because " + e.getKey().text)
                .collect(Collectors.joining(", "));
        String busiest = byClient.entrySet().stream().sorted(BUSIEST_FIRST).limit(BUSIEST_SHOWN).map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        int clients = byClient.size();
        log.warn("Refused {} SMTP connection(s) in the last {} s ({}) from {} client address(es){}; busiest: {}",
                refused, seconds, reasons, clients, fromOthers > 0 ? " and " + fromOthers + " from further ones" : "",
                busiest);
        refused = 0;
        fromOthers = 0;
        byClient.clear();
        byReason.clear();
        since = nanoTime.getAsLong();
    }

    private void scheduleSummary() {
        scheduler.schedule(this::onInterval, interval);
    }
}
