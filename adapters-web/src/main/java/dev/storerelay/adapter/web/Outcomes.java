package dev.storerelay.adapter.web;

import dev.storerelay.application.port.Outcome;

/** Maps a use case's {@link Outcome} to the HTTP answer: done passes, anything else becomes an error response. */
final class Outcomes {
    private Outcomes() {
    }

    static void requireDone(Outcome outcome) {
        if (outcome instanceof Outcome.Done) {
            return;
        }
        if (outcome instanceof Outcome.NotFound notFound) {
            throw ApiException.notFound(notFound.what());
        }
        if (outcome instanceof Outcome.Invalid invalid) {
            throw ApiException.invalid(invalid.violations());
        }
        if (outcome instanceof Outcome.Conflict conflict) {
            String error = conflict.violations().isEmpty() ? "conflict" : conflict.violations().get(0).message();
            throw new ApiException(409, error, ApiException.fieldMessages(conflict.violations()));
        }
        throw new IllegalStateException("unknown outcome " + outcome.getClass().getName());
    }
}
