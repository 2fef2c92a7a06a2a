package dev.storerelay.adapter.web;

import io.javalin.http.HandlerType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAccessTest {

    @Test
    void readsUserAndPasswordSplitAtTheFirstColon() {
        assertThat(AdminAccess.credentials(header("admin:pa:ss")))
                .hasValue(new AdminAccess.Credentials("admin", "pa:ss"));
        assertThat(AdminAccess.credentials("bAsIc " + encode("admin:x")))
                .hasValue(new AdminAccess.Credentials("admin", "x"));
    }

    @Test
    void decodesUtf8() {
        assertThat(AdminAccess.credentials(header("jörg:pässwört")))
                .hasValue(new AdminAccess.Credentials("jörg", "pässwört"));
    }

    @Test
    void refusesWhatIsNotBasicCredentials() {
        assertThat(AdminAccess.credentials(null)).isEmpty();
        assertThat(AdminAccess.credentials("")).isEmpty();
        assertThat(AdminAccess.credentials("Basic ")).isEmpty();
        assertThat(AdminAccess.credentials("Bearer " + encode("admin:x"))).isEmpty();
        assertThat(AdminAccess.credentials("Basic %%%")).isEmpty();
        assertThat(AdminAccess.credentials(header("no-colon"))).isEmpty();
        assertThat(AdminAccess.credentials(header(":password-only"))).isEmpty();
    }

    @Test
    void credentialsNeverPrintThePassword() {
        assertThat(new AdminAccess.Credentials("admin", "s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void onlyGetHeadAndOptionsAreReads() {
        assertThat(AdminAccess.isWrite(HandlerType.GET)).isFalse();
        assertThat(AdminAccess.isWrite(HandlerType.HEAD)).isFalse();
        assertThat(AdminAccess.isWrite(HandlerType.OPTIONS)).isFalse();
        assertThat(AdminAccess.isWrite(HandlerType.PUT)).isTrue();
        assertThat(AdminAccess.isWrite(HandlerType.POST)).isTrue();
        assertThat(AdminAccess.isWrite(HandlerType.DELETE)).isTrue();
        assertThat(AdminAccess.isWrite(HandlerType.PATCH)).isTrue();
    }

    private static String header(String userColonPassword) {
        return "Basic " + encode(userColonPassword);
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
