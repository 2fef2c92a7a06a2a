package dev.storerelay.adapter.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.storerelay.domain.model.Texts;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads request bodies as JSON trees, so that each field's type can be checked and reported by name instead of
 * failing the whole request on a binding exception (whose text would echo the input).
 */
final class JsonBodies {
    private final ObjectMapper mapper;

    JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The body as a JSON object with only {@code allowed} properties; 400 otherwise. */
    ObjectNode object(Context ctx, Set<String> allowed) {
        JsonNode tree;
        try {
            byte[] body = ctx.bodyAsBytes();
            if (body.length == 0) {
                throw ApiException.badRequest("the request body must be a JSON object");
            }
            tree = mapper.readTree(body);
        } catch (JacksonException e) {
            // Jackson's message quotes the input, which may hold a password: never pass it on or log it.
            throw ApiException.badRequest("malformed JSON");
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable request body");
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        ObjectNode object = (ObjectNode) tree;
        Map<String, String> unknown = new LinkedHashMap<>();
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                unknown.put(Texts.printable(name), "unknown property");
            }
        }
        if (!unknown.isEmpty()) {
            throw new ApiException(400, "unknown properties: " + String.join(", ", unknown.keySet()), unknown);
        }
        return object;
    }

    /**
     * A text property: {@code null} when absent or JSON null; a type error is added to {@code errors}.
     */
    static String text(ObjectNode object, String name, Map<String, String> errors) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.put(name, "Must be a string or null.");
            return null;
        }
        return node.textValue();
    }

    /** A whole-number property: {@code null} when absent or JSON null; anything else but an int puts {@code message}. */
    static Integer wholeNumber(ObjectNode object, String name, String message, Map<String, String> errors) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            errors.put(name, message);
            return null;
        }
        return value.intValue();
    }

    /**
     * A required array of strings: {@code null} when absent, JSON null or of the wrong type, with the error added to
     * {@code errors} (an element of the wrong type is named by its index, e.g. {@code senderPatterns[2]}).
     */
    static List<String> requiredTextList(ObjectNode object, String name, Map<String, String> errors) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            errors.put(name, "Required: an array of strings (empty to remove every entry).");
            return null;
        }
        if (!node.isArray()) {
            errors.put(name, "Must be an array of strings.");
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (element.isTextual()) {
                values.add(element.textValue());
            } else {
                errors.put(name + "[" + i + "]", "Must be a string.");
            }
        }
        return values;
    }
}
