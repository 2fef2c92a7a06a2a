package dev.storerelay.application.testing;

import dev.storerelay.application.port.out.AdminUsersPort;

class InMemoryAdminUsersTest extends AdminUsersPortContract {
    private final InMemoryAdminUsers port = new InMemoryAdminUsers();

    @Override
    protected AdminUsersPort port() {
        return port;
    }
}
