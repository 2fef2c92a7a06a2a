package dev.storerelay.adapter.web;

import java.util.Map;

/**
 * The parts every field of the SMTP Server form is made of: label, help, where the value comes from, the error next
 * to the field, and the control described by all of them. Write-only secrets show only whether one is stored.
 */
final class FormFields {
    private final Map<String, String> errors;

    /** @param errors field name to message, for the fields of a form that was not saved */
    FormFields(Map<String, String> errors) {
        this.errors = errors;
    }

    /**
     * Opens the field's block: label, help, source and its error, if any.
     *
     * @param attributes more attributes of the block, name/value pairs (e.g. which provider a field is for)
     */
    Html open(Html h, String name, String label, String help, String source, String... attributes) {
        String[] all = new String[attributes.length + 2];
        all[0] = "class";
        all[1] = errors.containsKey(name) ? "field has-error" : "field";
        System.arraycopy(attributes, 0, all, 2, attributes.length);
        h.open("div", all)
                .el("label", label, "for", name)
                .el("p", help, "class", "help", "id", name + "-help")
                .el("p", source, "class", "source", "id", name + "-source");
        if (errors.containsKey(name)) {
            h.el("p", errors.get(name), "class", "error", "id", name + "-error");
        }
        return h;
    }

    static Html end(Html h) {
        return h.close("div");
    }

    void input(Html h, String name, String type, String value, String placeholder) {
        h.open("input", "id", name, "name", name, "type", type, "value", value, "placeholder", placeholder,
                "aria-describedby", describedBy(name), "aria-invalid", invalid(name));
    }

    void textarea(Html h, String name, String value) {
        h.el("textarea", value, "id", name, "name", name, "rows", "4", "spellcheck", "false",
                "aria-describedby", describedBy(name), "aria-invalid", invalid(name));
    }

    /**
     * A write-only secret: whether one is stored, an input that starts empty (and stays empty after an error; empty
     * keeps the stored one), and a box that clears it.
     *
     * @param multiline a text area (a key file) rather than a one-line password input
     */
    void secret(Html h, String name, String what, boolean stored, boolean multiline) {
        String state = name + "-state";
        h.el("p", "Stored " + what + ": " + (stored ? "set" : "not set"), "class", "state", "id", state);
        if (multiline) {
            h.el("textarea", "", "id", name, "name", name, "rows", "4", "spellcheck", "false", "autocomplete", "off",
                    "aria-describedby", describedBy(name) + " " + state, "aria-invalid", invalid(name));
        } else {
            h.open("input", "id", name, "name", name, "type", "password", "value", "", "autocomplete", "new-password",
                    "aria-describedby", describedBy(name) + " " + state, "aria-invalid", invalid(name));
        }
        String clear = clearName(name);
        h.open("p", "class", "check").open("input", "type", "checkbox", "id", clear, "name", clear, "value", "yes")
                .el("label", "Clear the " + what, "for", clear).close("p");
    }

    /** The name of the box that clears the secret {@code name}. */
    static String clearName(String name) {
        return name + ".clear";
    }

    String describedBy(String name) {
        return name + "-help " + name + "-source" + (errors.containsKey(name) ? " " + name + "-error" : "");
    }

    String invalid(String name) {
        return errors.containsKey(name) ? "true" : null;
    }

    String error(String name) {
        return errors.get(name);
    }
}
