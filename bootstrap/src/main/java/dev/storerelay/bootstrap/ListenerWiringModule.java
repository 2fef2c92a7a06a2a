package dev.storerelay.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.storerelay.application.port.in.AuthenticateRelayClientUseCase;
import dev.storerelay.application.port.in.CheckSubmitterUseCase;
import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase;
import dev.storerelay.application.port.in.RecordRefusedSubmissionsUseCase;
import dev.storerelay.application.port.in.RefusedSubmissionLogUseCase;
import dev.storerelay.application.port.out.LoadOrgTreePort;
import dev.storerelay.application.port.out.RefusedSubmissionsPort;
import dev.storerelay.application.port.out.RelayCredentialsPort;
import dev.storerelay.application.port.out.UnitRoutingPort;
import dev.storerelay.application.service.AuditTrail;
import dev.storerelay.application.service.CheckSubmitterService;
import dev.storerelay.application.service.CredentialChecks;
import dev.storerelay.application.service.PasswordHashing;
import dev.storerelay.application.service.RefusedSubmissionsService;
import dev.storerelay.application.service.RelayCredentialService;

import java.security.SecureRandom;
import java.time.Clock;

/** The services the SMTP listener asks about a client: may it submit, do its credentials hold, what was refused. */
final class ListenerWiringModule extends AbstractModule {
    /** The listener's refusals kept at most, the newest: a flood of them must not fill the disk. */
    static final int REFUSED_SUBMISSIONS_KEPT = 100_000;

    @Provides
    @Singleton
    CheckSubmitterUseCase checkSubmitter(UnitRoutingPort routing) {
        return new CheckSubmitterService(routing);
    }

    /** One instance serves both ports: its cache of verified credentials must see every change of them. */
    @Provides
    @Singleton
    RelayCredentialService relayCredentials(LoadOrgTreePort tree, RelayCredentialsPort credentials,
                                            PasswordHashing hashing, SecureRandom random, Clock clock, AuditTrail audit) {
        return new RelayCredentialService(tree, credentials, hashing, random, clock, audit, CredentialChecks.DEFAULT);
    }

    @Provides
    ManageRelayCredentialsUseCase manageRelayCredentials(RelayCredentialService service) {
        return service;
    }

    @Provides
    AuthenticateRelayClientUseCase authenticateRelayClient(RelayCredentialService service) {
        return service;
    }

    /** One instance serves both ports: it counts what it wrote since it last trimmed to the bound. */
    @Provides
    @Singleton
    RefusedSubmissionsService refusedSubmissions(RefusedSubmissionsPort refused) {
        return new RefusedSubmissionsService(refused, REFUSED_SUBMISSIONS_KEPT);
    }

    @Provides
    RecordRefusedSubmissionsUseCase recordRefusedSubmissions(RefusedSubmissionsService service) {
        return service;
    }

    @Provides
    RefusedSubmissionLogUseCase refusedSubmissionLog(RefusedSubmissionsService service) {
        return service;
    }
}
