package dev.storerelay.adapter.management;

/** The little JSON the health endpoints write: strings quoted and escaped (RFC 8259 §7). */
final class Json {
    private static final int FIRST_PRINTABLE = 0x20;

    private Json() {
    }

    static String string(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < FIRST_PRINTABLE) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
