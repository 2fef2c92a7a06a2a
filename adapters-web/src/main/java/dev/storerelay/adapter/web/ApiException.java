package dev.storerelay.adapter.web;

import dev.storerelay.domain.model.Violation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request that ends with an error answer: the status and the {@code {error, fields}} body the API answers (README, *Admin JSON API*).
 * Thrown by handlers and turned into a response in one place, so every error has the same shape.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final ErrorJson body;

    ApiException(int status, String error, Map<String, String> fields) {
        // No stack trace: this is an answer, not a fault, and it is thrown on every bad request.
        super(error, null, false, false);
        this.status = status;
        this.body = new ErrorJson(error, fields);
    }

    ApiException(int status, String error) {
        this(status, error, Map.of());
    }

    static ApiException badRequest(String error) {
        return new ApiException(400, error);
    }

    static ApiException invalid(Map<String, String> fields) {
        return new ApiException(400, "invalid input", fields);
    }

    static ApiException invalid(List<Violation> violations) {
        return invalid(fieldMessages(violations));
    }

    static ApiException notFound(String what) {
        return new ApiException(404, what + " not found");
    }

    int status() {
        return status;
    }

    ErrorJson body() {
        return body;
    }

    /** Field name to message; several violations of one field are joined, so none is lost. */
    static Map<String, String> fieldMessages(List<Violation> violations) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Violation v : violations) {
            fields.merge(v.field(), v.message(), (a, b) -> a + " " + b);
        }
        return fields;
    }

    /** The error body of every failed call. */
    record ErrorJson(String error, Map<String, String> fields) {
        ErrorJson {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));   // keeps the order of the form
        }
    }
}
