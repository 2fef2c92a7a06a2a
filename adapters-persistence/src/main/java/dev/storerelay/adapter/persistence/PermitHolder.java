package dev.storerelay.adapter.persistence;

import java.util.Objects;

/**
 * The name this process holds shared permits in ({@link JdbcConnectionPermitsAdapter}); unique among every process
 * that ever used the database, restarts included (a reused name would renew a dead process's permits forever).
 */
public record PermitHolder(String name) {
    public PermitHolder {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a permit holder needs a name");
        }
    }
}
