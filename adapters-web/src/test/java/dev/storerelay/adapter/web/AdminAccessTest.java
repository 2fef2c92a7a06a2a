package dev.storerelay.adapter.web;

import io.javalin.http.HandlerType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;

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

    @Test
    void browsersAreToldApartByFetchMetadataOriginOrAnAcceptForHtml() {
        assertThat(AdminAccess.looksLikeBrowser(headers(Map.of("Sec-Fetch-Mode", "navigate")))).isTrue();
        assertThat(AdminAccess.looksLikeBrowser(headers(Map.of("Sec-Fetch-Dest", "empty")))).isTrue();
        assertThat(AdminAccess.looksLikeBrowser(headers(Map.of("Origin", "http://evil.example")))).isTrue();
        assertThat(AdminAccess.looksLikeBrowser(headers(Map.of("Accept", "text/html,*/*;q=0.8")))).isTrue();
        assertThat(AdminAccess.looksLikeBrowser(headers(Map.of("Accept", "application/json, TEXT/HTML;q=0.5")))).isTrue();

        assertThat(AdminAccess.looksLikeBrowser(headers(Map.of()))).as("curl, scripts").isFalse();
        assertThat(AdminAccess.looksLikeBrowser(headers(Map.of("Accept", "*/*")))).isFalse();
        assertThat(AdminAccess.looksLikeBrowser(headers(Map.of("Accept", "application/json")))).isFalse();
        assertThat(AdminAccess.looksLikeBrowser(headers(Map.of("Accept", "text/html;q=0, */*")))).isFalse();
        assertThat(AdminAccess.looksLikeBrowser(headers(Map.of("Accept", "text/html; q=0.0")))).isFalse();
    }

    private static UnaryOperator<String> headers(Map<String, String> headers) {
        return headers::get;
    }

    private static String header(String userColonPassword) {
        return "Basic " + encode(userColonPassword);
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
