package dev.storerelay.adapter.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a form of an admin page as a browser would submit it untouched: every input with its value (password inputs
 * empty, unticked boxes left out), each select's chosen option, each text area's text. For the page's own HTML only.
 */
final class PageForms {
    private static final Pattern CONTROL = Pattern.compile(
            "<input ([^>]*)>|<select ([^>]*)>(.*?)</select>|<textarea ([^>]*)>(.*?)</textarea>", Pattern.DOTALL);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z-]+)(?:=\"([^\"]*)\")?");
    private static final Pattern OPTION = Pattern.compile("<option ([^>]*)>");

    private PageForms() {
    }

    /** The fields of the first form posting to {@code action}. */
    static Map<String, String> fields(String html, String action) {
        int start = html.indexOf("<form method=\"post\" action=\"" + action + "\"");
        if (start < 0) {
            throw new IllegalArgumentException("no form posting to " + action);
        }
        String form = html.substring(start, html.indexOf("</form>", start));
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher control = CONTROL.matcher(form);
        while (control.find()) {
            if (control.group(1) != null) {
                Map<String, String> a = attributes(control.group(1));
                if (a.containsKey("name") && (!"checkbox".equals(a.get("type")) || a.containsKey("checked"))) {
                    fields.put(a.get("name"), a.getOrDefault("value", ""));
                }
            } else if (control.group(2) != null) {
                String chosen = null;
                Matcher option = OPTION.matcher(control.group(3));
                while (option.find()) {
                    Map<String, String> a = attributes(option.group(1));
                    if (chosen == null || a.containsKey("selected")) {
                        chosen = a.get("value");
                    }
                    if (a.containsKey("selected")) {
                        break;
                    }
                }
                fields.put(attributes(control.group(2)).get("name"), chosen);
            } else {
                fields.put(attributes(control.group(4)).get("name"), unescape(control.group(5)));
            }
        }
        return fields;
    }

    private static Map<String, String> attributes(String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(text);
        while (m.find()) {
            attributes.put(m.group(1), m.group(2) == null ? "" : unescape(m.group(2)));
        }
        return attributes;
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#34;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
