package dev.storerelay.adapter.persistence;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * The name this process holds shared permits in ({@link JdbcConnectionPermitsAdapter}): host, pid and a random part,
 * unique among every process that ever used the database, restarts included (a reused name would renew a dead
 * process's permits forever).
 */
public record PermitHolder(String name) {
    public PermitHolder {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a permit holder needs a name");
        }
    }

    /** This process on {@code host}. */
    public static PermitHolder thisProcess(String host) {
        return new PermitHolder(host + ":" + ProcessHandle.current().pid() + ":" + Long.toHexString(new SecureRandom().nextLong()));
    }

    /**
     * Whether {@code other} names a process on this one's host that has ended: its permits need not wait to lapse.
     * (A pid that came back for another process keeps them until they lapse.)
     */
    boolean namesEndedProcessOnThisHost(String other) {
        Optional<String> host = host(name);
        Optional<Long> pid = pid(other);
        return host.isPresent() && host.equals(host(other)) && pid.isPresent()
                && ProcessHandle.of(pid.get()).map(p -> !p.isAlive()).orElse(true);
    }

    private static Optional<String> host(String holder) {
        int random = holder.lastIndexOf(':');
        int pid = random > 0 ? holder.lastIndexOf(':', random - 1) : -1;
        return pid > 0 ? Optional.of(holder.substring(0, pid)) : Optional.empty();
    }

    private static Optional<Long> pid(String holder) {
        int random = holder.lastIndexOf(':');
        int pid = random > 0 ? holder.lastIndexOf(':', random - 1) : -1;
        String digits = pid >= 0 ? holder.substring(pid + 1, random) : "";
        return digits.matches("[0-9]{1,18}") ? Optional.of(Long.parseLong(digits)) : Optional.empty();
    }
}
