package dev.storerelay.adapter.persistence;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.storerelay.application.port.out.AdminUsersPort;
import dev.storerelay.application.port.out.AuditLogPort;
import dev.storerelay.application.port.out.ConnectionPermitsPort;
import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.MessageQueuePort;
import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.application.port.out.SaveOrgUnitPort;
import dev.storerelay.application.port.out.SendSlotsPort;
import dev.storerelay.application.port.out.UnitRateLimitsPort;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.application.port.out.UnitSettingsPort;
import java.time.Clock;
import java.time.Duration;

/**
 * Binds the persistence ports to MariaDB. Needs a {@link PersistenceConfig} binding; builds objects only: the
 * lifecycle calls {@link Database#start()} before the ports are used and {@link Database#stop()} at the end.
 */
public final class PersistenceModule extends AbstractModule {
    /** How long another relay process's change of units or routing may stay unseen by this one. */
    static final Duration SNAPSHOT_TTL = Duration.ofSeconds(1);


    @Provides
    @Singleton
    Database database(PersistenceConfig config) {
        return new Database(config);
    }

    @Provides
    @Singleton
    JdbcOrgUnitAdapter orgUnits(Database database) {
        return new JdbcOrgUnitAdapter(database, SNAPSHOT_TTL);
    }

    @Provides
    @Singleton
    JdbcUnitSettingsAdapter unitSettings(Database database) {
        return new JdbcUnitSettingsAdapter(database, SNAPSHOT_TTL);
    }

    @Provides
    @Singleton
    JdbcMessageQueueAdapter messageQueue(Database database) {
        return new JdbcMessageQueueAdapter(database);
    }

    @Provides
    @Singleton
    JdbcAdminUsersAdapter adminUsers(Database database) {
        return new JdbcAdminUsersAdapter(database);
    }

    @Provides
    @Singleton
    JdbcUnitRoutingAdapter unitRouting(Database database) {
        return new JdbcUnitRoutingAdapter(database, SNAPSHOT_TTL);
    }

    @Provides
    @Singleton
    JdbcRelayCredentialsAdapter relayCredentials(Database database) {
        return new JdbcRelayCredentialsAdapter(database);
    }

    @Provides
    LoadOrgTreePort loadOrgTree(JdbcOrgUnitAdapter adapter) {
        return adapter;
    }

    @Provides
    SaveOrgUnitPort saveOrgUnit(JdbcOrgUnitAdapter adapter) {
        return adapter;
    }

    @Provides
    UnitSettingsPort unitSettingsPort(JdbcUnitSettingsAdapter adapter) {
        return adapter;
    }

    @Provides
    MessageQueuePort messageQueuePort(JdbcMessageQueueAdapter adapter) {
        return adapter;
    }

    @Provides
    LoadMessageLogPort messageLog(JdbcMessageQueueAdapter adapter) {
        return adapter;
    }

    @Provides
    AdminUsersPort adminUsersPort(JdbcAdminUsersAdapter adapter) {
        return adapter;
    }

    @Provides
    @Singleton
    AuditLogPort auditLog(Database database) {
        return new JdbcAuditLogAdapter(database);
    }

    @Provides
    UnitRoutingPort unitRoutingPort(JdbcUnitRoutingAdapter adapter) {
        return adapter;
    }

    @Provides
    RelayCredentialsPort relayCredentialsPort(JdbcRelayCredentialsAdapter adapter) {
        return adapter;
    }

    @Provides
    @Singleton
    JdbcUnitRateLimitsAdapter rateLimits(Database database) {
        return new JdbcUnitRateLimitsAdapter(database, SNAPSHOT_TTL);
    }

    @Provides
    UnitRateLimitsPort unitRateLimitsPort(JdbcUnitRateLimitsAdapter adapter) {
        return adapter;
    }

    @Provides
    @Singleton
    SendSlotsPort sendSlots(Database database) {
        return new JdbcSendSlotsAdapter(database);
    }

    @Provides
    @Singleton
    ConnectionPermitsPort connectionPermits(Database database, PermitHolder holder, Clock clock) {
        return new JdbcConnectionPermitsAdapter(database, holder, clock);
    }
}
