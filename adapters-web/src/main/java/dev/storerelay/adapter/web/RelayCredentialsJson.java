package dev.storerelay.adapter.web;

import dev.storerelay.application.port.in.ManageRelayCredentialsUseCase.RelayCredentialView;

/**
 * A unit's relay credential as the API shows it: the user name ({@code null} when none is set) and whether a
 * password is set. The password is write-only and is never returned, not even as a hash.
 */
record RelayCredentialsJson(String username, boolean passwordSet) {

    static RelayCredentialsJson of(RelayCredentialView view) {
        return new RelayCredentialsJson(view.username(), view.passwordSet());
    }
}
