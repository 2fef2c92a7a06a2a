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
        Optional<Parts> mine = Parts.of(name);
        Optional<Parts> theirs = Parts.of(other);
        return mine.isPresent() && theirs.isPresent() && mine.get().host().equals(theirs.get().host())
                && ProcessHandle.of(theirs.get().pid()).map(p -> !p.isAlive()).orElse(true);
    }

    /** A name's host and pid: {@code host:pid:random}, read from the end, since a host name may hold a colon. */
    private record Parts(String host, long pid) {
        static Optional<Parts> of(String holder) {
            int random = holder.lastIndexOf(':');
            int pid = random > 0 ? holder.lastIndexOf(':', random - 1) : -1;
            if (pid <= 0 || !holder.substring(pid + 1, random).matches("[0-9]{1,18}")) {
                return Optional.empty();
            }
            return Optional.of(new Parts(holder.substring(0, pid), Long.parseLong(holder.substring(pid + 1, random))));
        }
    }
}
