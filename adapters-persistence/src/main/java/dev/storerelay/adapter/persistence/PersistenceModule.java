package dev.storerelay.adapter.persistence;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.storerelay.application.port.out.AdminUsersPort;
import dev.storerelay.application.port.out.AuditLogPort;
import dev.storerelay.application.port.out.ClaimDueMessagesPort;
import dev.storerelay.application.port.out.ConnectionPermitsPort;
import dev.storerelay.application.port.out.EnqueueMessagePort;
import dev.storerelay.application.port.out.HeldMailPort;
import dev.storerelay.application.port.out.LoadMessageLogPort;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.LoadQueueStatisticsPort;
import dev.storerelay.application.port.out.LoadStoresOverviewPort;
import dev.storerelay.application.port.out.MessageActionsPort;
import dev.storerelay.application.port.out.MessageContextPort;
import dev.storerelay.application.port.out.PurgeMessagesPort;
import dev.storerelay.application.port.out.RecordAttemptPort;
import dev.storerelay.application.port.out.RefreshTokenRotationPort;
import dev.storerelay.application.port.out.RefusedSubmissionsPort;
import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.application.port.out.RetryDeferredMailPort;
import dev.storerelay.application.port.out.SaveOrgUnitPort;
import dev.storerelay.application.port.out.SendSlotsPort;
import dev.storerelay.application.port.out.TransactionPort;
import dev.storerelay.application.port.out.UnitRateLimitsPort;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.application.port.out.UnitSettingsPort;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;

/**
 * Binds the persistence ports to MariaDB. Needs {@link PersistenceConfig}, {@link MeterRegistry} and
 * {@link MessageContextPort} (how log lines name a message) bindings; builds objects only: the lifecycle calls
 * {@link Database#start()} before the ports are used and {@link Database#stop()} at the end.
 */
public final class PersistenceModule extends AbstractModule {
    /**
     * How long a snapshot of units, settings, routing or limits is kept at most. Changes made through the relay are
     * seen at once by this process and within about a second by others (see {@link ConfigurationVersion}); this
     * bounds how long a change written into the database directly, not through the relay, stays unseen.
     */
    static final Duration SNAPSHOT_MAX_AGE = Duration.ofMinutes(1);


    @Provides
    @Singleton
    Database database(PersistenceConfig config, MeterRegistry meters) {
        return new Database(config, meters);
    }

    @Provides
    @Singleton
    JdbcOrgUnitAdapter orgUnits(Database database) {
        return new JdbcOrgUnitAdapter(database, SNAPSHOT_MAX_AGE);
    }

    @Provides
    @Singleton
    JdbcUnitSettingsAdapter unitSettings(Database database) {
        return new JdbcUnitSettingsAdapter(database, SNAPSHOT_MAX_AGE);
    }

    @Provides
    @Singleton
    EnqueueMessagePort enqueueMessage(Database database, MessageContextPort context) {
        return new JdbcEnqueueMessageAdapter(database, context);
    }

    @Provides
    @Singleton
    ClaimDueMessagesPort claimDueMessages(Database database) {
        return new JdbcClaimDueMessagesAdapter(database);
    }

    /** One instance: its group commit gathers the outcomes of every worker. */
    @Provides
    @Singleton
    RecordAttemptPort recordAttempt(Database database, MessageContextPort context) {
        return new JdbcRecordAttemptAdapter(database, context);
    }

    @Provides
    @Singleton
    JdbcHeldMailAdapter heldMail(Database database) {
        return new JdbcHeldMailAdapter(database);
    }

    @Provides
    HeldMailPort heldMailPort(JdbcHeldMailAdapter adapter) {
        return adapter;
    }

    @Provides
    RetryDeferredMailPort retryDeferredMail(JdbcHeldMailAdapter adapter) {
        return adapter;
    }

    @Provides
    @Singleton
    MessageActionsPort messageActions(Database database) {
        return new JdbcMessageActionsAdapter(database);
    }

    @Provides
    @Singleton
    PurgeMessagesPort purgeMessages(Database database) {
        return new FinishedMessagePurge(database);
    }

    @Provides
    @Singleton
    JdbcMessageLogAdapter messageLogAdapter(Database database) {
        return new JdbcMessageLogAdapter(database);
    }

    @Provides
    @Singleton
    JdbcAdminUsersAdapter adminUsers(Database database) {
        return new JdbcAdminUsersAdapter(database);
    }

    @Provides
    @Singleton
    JdbcUnitRoutingAdapter unitRouting(Database database) {
        return new JdbcUnitRoutingAdapter(database, SNAPSHOT_MAX_AGE);
    }

    @Provides
    @Singleton
    JdbcRelayCredentialsAdapter relayCredentials(Database database) {
        return new JdbcRelayCredentialsAdapter(database);
    }

    @Provides
    TransactionPort transactions(Database database) {
        return new JdbcTransactions(database);
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
    RefreshTokenRotationPort refreshTokenRotationPort(JdbcUnitSettingsAdapter adapter) {
        return adapter;
    }

    @Provides
    LoadMessageLogPort messageLog(JdbcMessageLogAdapter adapter) {
        return adapter;
    }

    @Provides
    LoadQueueStatisticsPort queueStatistics(JdbcMessageLogAdapter adapter) {
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
    @Singleton
    RefusedSubmissionsPort refusedSubmissions(Database database) {
        return new JdbcRefusedSubmissionsAdapter(database);
    }

    @Provides
    @Singleton
    LoadStoresOverviewPort storesOverview(Database database) {
        return new JdbcStoresOverviewAdapter(database);
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
        return new JdbcUnitRateLimitsAdapter(database, SNAPSHOT_MAX_AGE);
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
