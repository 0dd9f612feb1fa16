package com.migrationhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guard's rules on the values a client can put in a request, beyond those {@link OperatorHttpGuardTest} sends over
 * the wire: how a host list is written in the settings, IPv6 literals, a wildcard bind address, media-type parameters.
 */
class RequestGuardTest {

    private static RequestGuard.Request get(String host) {
        return new RequestGuard.Request("GET", host, null, null, null, null, null, false);
    }

    private static RequestGuard.Request post(String origin, String contentType, boolean body) {
        return new RequestGuard.Request("POST", "hub.example:8080", null, origin, null, null, contentType, body);
    }

    private static int refusal(RequestGuard guard, RequestGuard.Request request) {
        try {
            guard.check(request);
            return 200;
        } catch (RequestRefusedException e) {
            return e.status();
        } catch (IllegalArgumentException e) {
            return 400;
        }
    }

    @Test
    void hostsAreMatchedByNameWhateverThePortAndHowTheSettingWritesThem() {
        RequestGuard guard = new RequestGuard(" localhost , ::1,127.0.0.1:9999, Hub.Example ", "0.0.0.0", "");
        for (String ok : List.of("localhost", "localhost:1", "LOCALHOST:8080", "[::1]:8080", "[::1]", "127.0.0.1:8080", "hub.example",
                "HUB.EXAMPLE:443")) {
            assertThat(refusal(guard, get(ok))).as(ok).isEqualTo(200);
        }
        for (String refused : List.of("0.0.0.0:8080", "evil.example", "localhost.evil.example", "[::2]:8080", "127.0.0.2", "[::1", "",
                "hub.example.:8080", "hub.example@evil.example")) {
            assertThat(refusal(guard, get(refused))).as(refused).isEqualTo(403);
        }
        assertThat(refusal(new RequestGuard("localhost", "10.0.0.5", ""), get("10.0.0.5:8080"))).isEqualTo(200);
        assertThat(refusal(new RequestGuard("localhost", "fe80::1", ""), get("[fe80::1]:8080"))).isEqualTo(200);
    }

    @Test
    void aChangeTakesJsonOrNoBodyFromItsOwnOriginOrNone() {
        RequestGuard guard = new RequestGuard("hub.example", "127.0.0.1", "");
        assertThat(refusal(guard, post(null, "application/json", true))).isEqualTo(200);
        assertThat(refusal(guard, post(null, "Application/JSON ; charset=UTF-8", true))).isEqualTo(200);
        assertThat(refusal(guard, post(null, null, false))).isEqualTo(200);
        assertThat(refusal(guard, post("http://hub.example:8080", "application/json", true))).isEqualTo(200);
        assertThat(refusal(guard, post("https://hub.example:8080", null, false))).isEqualTo(200);
        assertThat(refusal(guard, post(null, null, true))).isEqualTo(415);
        assertThat(refusal(guard, post(null, "text/plain", false))).isEqualTo(415);
        assertThat(refusal(guard, post(null, "application/json-patch+json", true))).isEqualTo(415);
        assertThat(refusal(guard, post(null, "application/jsonx", true))).isEqualTo(415);
        for (String origin : List.of("http://hub.example", "http://hub.example:8081", "http://evil.example", "null", "",
                "http://hub.example:8080.evil.example", "file://")) {
            assertThat(refusal(guard, post(origin, "application/json", true))).as(origin).isEqualTo(403);
        }
    }

    @Test
    void aParameterGivenTwiceIsNamedEvenWhenEncoded() {
        RequestGuard guard = new RequestGuard("localhost", "127.0.0.1", "");
        assertThatThrownBy(() -> guard.check(new RequestGuard.Request("GET", "localhost", "a=1&%6Cimit=2&limit=3", null, null, null,
                null, false))).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("limit is given more than once");
        assertThatCode(() -> guard.check(new RequestGuard.Request("GET", "localhost", "a=1&b&c=&limit=3", null, null, null, null,
                false))).doesNotThrowAnyException();
    }
}
