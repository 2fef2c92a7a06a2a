package dev.storerelay.adapter.web;

import dev.storerelay.application.port.Outcome;
import dev.storerelay.application.port.in.ManageOrgUnitsUseCase;
import dev.storerelay.domain.model.OrgUnit;
import dev.storerelay.domain.model.UnitId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebServerLifecycleIT {
    private static final String SECRET_IN_FAULT = "hunter2-from-the-request";

    @Test
    void bindsAFreePortAndReleasesItOnStop() {
        ApiServer api = new ApiServer();
        int port;
        try {
            port = api.server().port();
            assertThat(port).isPositive();
            assertThat(api.get("/api/units").statusCode()).isEqualTo(200);
            assertThatThrownBy(api.server()::start).isInstanceOf(IllegalStateException.class);
        } finally {
            api.close();
        }

        api.server().stop();   // idempotent

        assertThatThrownBy(api.server()::port).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void anUnexpectedFaultIsA500WithoutItsText() {
        try (ApiServer api = new ApiServer(new ThrowingUnits())) {
            HttpResponse<String> response = api.get("/api/units");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"error\":\"internal error\",\"fields\":{}}");
            assertThat(response.body()).doesNotContain(SECRET_IN_FAULT);
        }
    }

    /** A use case whose store fails with a message that quotes input, as a driver exception might. */
    private static final class ThrowingUnits implements ManageOrgUnitsUseCase {
        @Override
        public List<OrgUnit> listUnits() {
            throw new IllegalStateException("database said: bad value '" + SECRET_IN_FAULT + "'");
        }

        @Override
        public Outcome putUnit(UnitId id, String name, UnitId parentId) {
            throw new UnsupportedOperationException("not used");
        }

        @Override
        public Outcome createUnit(UnitId id, String name, UnitId parentId) {
            throw new UnsupportedOperationException("not used");
        }

        @Override
        public Outcome renameUnit(UnitId id, String name) {
            throw new UnsupportedOperationException("not used");
        }

        @Override
        public Outcome moveUnit(UnitId id, UnitId parentId) {
            throw new UnsupportedOperationException("not used");
        }

        @Override
        public Outcome deleteUnit(UnitId id) {
            throw new UnsupportedOperationException("not used");
        }
    }
}
