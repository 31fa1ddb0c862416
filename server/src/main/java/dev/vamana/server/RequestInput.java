package dev.vamana.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.Context;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.vamana.server.VamanaServer.JSON;

/**
 * Reads and checks what a client sent: the media type and charset, a JSON object and its fields, query parameters,
 * a multipart boundary, file types; every problem is an {@link ApiException} with a 4xx status whose message repeats
 * at most {@link #ECHO_MAX} characters of the client's input. Stateless.
 */
final class RequestInput {
    private static final Pattern FILE_TYPE = Pattern.compile("[a-z0-9]{1,10}");

    private RequestInput() {}

    /** Longest piece of the client's input an error message repeats. */
    static final int ECHO_MAX = 64;

    /** The client's input as an error message repeats it: at most {@link #ECHO_MAX} characters, then "...". */
    static String clip(String input) {
        if (input == null || input.length() <= ECHO_MAX) return input;
        int end = Character.isHighSurrogate(input.charAt(ECHO_MAX - 1)) ? ECHO_MAX - 1 : ECHO_MAX;
        return input.substring(0, end) + "...";
    }

    /** An integer query parameter in {@code min..max}; {@code dflt} when it is absent, else a 400. */
    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) return dflt;
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) return i;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ApiException(400, name + ": expected an integer in " + min + ".." + max + ", got '" + clip(v) + "'");
    }

    /** The body as one JSON object (nothing after it but white space), else a 400. */
    static JsonNode parseObject(byte[] body) throws Exception {
        if (body.length == 0) throw new ApiException(400, "body: expected a JSON object, got an empty body");
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (MismatchedInputException e) { // the mapper's FAIL_ON_TRAILING_TOKENS, whose message names Jackson's classes
            throw new ApiException(400, "body: expected valid JSON (one JSON object and nothing after it but white space)");
        }
        if (n == null || !n.isObject()) throw new ApiException(400, "body: expected a JSON object");
        return n;
    }

    /** A JSON body: Content-Type application/json (any parameters), or none. */
    static boolean isJson(Context ctx) {
        String type = mediaType(ctx);
        return type.isEmpty() || type.equals("application/json");
    }

    /**
     * The request's media type, lower case and without parameters ("" when there is none). It is read from the
     * header itself: Jetty's parsed Content-Type throws on a charset it does not know, which is the client's error,
     * so such a charset (or one that is not even a charset name) is a 400 that names it.
     */
    static String mediaType(Context ctx) {
        String header = ctx.header("Content-Type");
        if (header == null) return "";
        String[] parts = header.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (!p.regionMatches(true, 0, "charset=", 0, 8)) continue;
            String charset = p.substring(8).replace("\"", "").strip();
            boolean known;
            try {
                known = Charset.isSupported(charset);
            } catch (IllegalCharsetNameException e) {
                known = false;
            }
            if (!known) throw new ApiException(400, "Content-Type: unknown charset '" + clip(charset) + "'");
        }
        return parts[0].strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The 415 for a body of a type the endpoint does not take. The type {@code curl -d} sends without a Content-Type
     * header (application/x-www-form-urlencoded) gets a hint, since that is how it usually comes.
     */
    static ApiException unsupportedType(Context ctx, String expected, String curlData) {
        String message = "Content-Type: expected " + expected + ", got '" + clip(ctx.header("Content-Type")) + "'";
        if (mediaType(ctx).equals("application/x-www-form-urlencoded")) {
            message += "; send the header Content-Type: application/json, e.g. curl -H 'Content-Type: application/json' -d " + curlData;
        }
        return new ApiException(415, message);
    }

    /** A 400 for a field of {@code n} that is not in {@code allowed}; {@code where} names the object. */
    static void onlyFields(JsonNode n, Set<String> allowed, String where) {
        n.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) throw new ApiException(400, where + ": unknown field '" + clip(f) + "', expected " + allowed);
        });
    }

    /** A path or title the client gave: null when absent, else a non-blank string of at most 4096 characters. */
    static String given(String field, String value) {
        if (value == null) return null;
        if (value.isBlank()) throw new ApiException(400, field + ": expected a non-empty string (leave the field out for the default)");
        if (value.length() > 4096) throw new ApiException(400, field + ": expected at most 4096 characters");
        return value;
    }

    /**
     * A file type as the client gave it (a document's, or one a search filters on), normalised: a leading dot
     * dropped, lower case; 1-10 letters or digits, since it names the type in the counts and the web page's type
     * menu. {@code field} names it in the error.
     */
    static String fileType(String field, String given) {
        String t = (given.startsWith(".") ? given.substring(1) : given).toLowerCase(Locale.ROOT);
        if (!FILE_TYPE.matcher(t).matches()) {
            throw new ApiException(400, field + ": expected 1-10 letters or digits such as \"txt\" or \"md\", got '" + clip(given) + "'");
        }
        return t;
    }

    /** A multipart body needs a boundary (RFC 2046: 1-70 characters) to be split into parts. */
    static void checkBoundary(String contentType) {
        String boundary = "";
        for (String param : contentType.split(";")) {
            String p = param.strip();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) boundary = p.substring(9).replace("\"", "").strip();
        }
        if (boundary.isEmpty() || boundary.length() > 70) {
            throw new ApiException(400, "Content-Type: multipart/form-data needs a boundary parameter of 1-70 characters");
        }
    }

    /** A string field of {@code n}: {@code dflt} when absent or null, else a 400 when it is not a string. */
    static String textField(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isTextual()) throw new ApiException(400, field + ": expected a string");
        return v.asText();
    }
}
