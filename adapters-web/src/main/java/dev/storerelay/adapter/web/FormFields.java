package dev.storerelay.adapter.web;

import java.util.Map;

/**
 * The parts every field of the SMTP Server form is made of ({@code smtpField.jte} and the control templates): label,
 * help, where the value comes from, the error next to the field, and the control described by all of them.
 * Write-only secrets show only whether one is stored ({@code smtpSecret.jte}).
 */
final class FormFields {
    private final Map<String, String> errors;

    /** @param errors field name to message, for the fields of a form that was not saved */
    FormFields(Map<String, String> errors) {
        this.errors = errors;
    }

    /**
     * A field's block; {@code providers} and {@code grants} name what an OAuth 2.0 field is for ({@code null}: all).
     *
     * @param error the field's error, {@code null} without one
     */
    record Field(String name, String cssClass, String label, String help, String source, String error,
                 String providers, String grants) {
    }

    /** An option of a choice; {@code defaultPort} is {@code null} where the script needs none. */
    record Choice(String value, String label, boolean selected, String defaultPort) {
    }

    Field field(String name, String label, String help, String source) {
        return field(name, label, help, source, null, null);
    }

    Field field(String name, String label, String help, String source, String providers, String grants) {
        return new Field(name, errors.containsKey(name) ? "field has-error" : "field", label, help, source,
                errors.get(name), providers, grants);
    }

    /** The name of the box that clears the secret {@code name}. */
    static String clearName(String name) {
        return name + ".clear";
    }

    String describedBy(String name) {
        return name + "-help " + name + "-source" + (errors.containsKey(name) ? " " + name + "-error" : "");
    }

    /** {@code "true"} for a refused field, else {@code null} (left out). */
    String invalid(String name) {
        return errors.containsKey(name) ? "true" : null;
    }

    String error(String name) {
        return errors.get(name);
    }
}
