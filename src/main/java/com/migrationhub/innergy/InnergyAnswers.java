package com.migrationhub.innergy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.zip.GZIPInputStream;

/**
 * Reads INNERGY's answers on the way back: a list answered by a 302 is fetched from its Location, a
 * gzip file is unpacked, and anything that is not JSON (the 200-with-an-HTML-page trap, an empty body)
 * is an error, never empty data.
 */
public final class InnergyAnswers {

    private final URI base;

    public InnergyAnswers(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    /** The absolute address a 302 points at (a relative Location is resolved against the base URL). */
    public String location(String location, InnergyRequest request) {
        if (location == null || location.isBlank()) {
            throw new InnergyProtocolException("INNERGY answered " + request.describe() + " with a redirect without a Location");
        }
        URI target = base.resolve(location.strip());
        if (!"http".equals(target.getScheme()) && !"https".equals(target.getScheme())) {
            throw new InnergyProtocolException("INNERGY redirected " + request.describe() + " to a non-HTTP address");
        }
        return target.toString();
    }

    /** The JSON of an answer, unpacked when gzip; an error when it is not JSON. */
    public byte[] json(byte[] body, String contentType, InnergyRequest request) {
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            bytes = gunzip(bytes, request);
        }
        int first = firstNonBlank(bytes);
        if (first != '{' && first != '[') {
            String what = bytes.length == 0 ? "an empty body" : contentType == null ? "a non-JSON body" : contentType;
            throw new InnergyProtocolException("INNERGY answered " + request.describe() + " with " + what
                    + " instead of JSON: usually a refused INNERGY_API_KEY or a wrong INNERGY_API_BASE_URL");
        }
        return bytes;
    }

    private static byte[] gunzip(byte[] gz, InnergyRequest request) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InnergyProtocolException("INNERGY answered " + request.describe() + " with a broken gzip file: "
                    + e.getMessage());
        }
    }

    private static int firstNonBlank(byte[] bytes) {
        int i = 0;
        // a UTF-8 byte order mark is not content
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            i = 3;
        }
        for (; i < bytes.length; i++) {
            if (!Character.isWhitespace(bytes[i])) {
                return bytes[i];
            }
        }
        return -1;
    }
}
