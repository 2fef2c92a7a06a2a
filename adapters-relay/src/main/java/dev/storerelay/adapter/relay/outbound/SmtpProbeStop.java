package dev.storerelay.adapter.relay.outbound;

/**
 * Ends a connection test early with a verdict for the admin: the server refused a step, or something it did
 * makes going on pointless or unsafe. Checked, so every step of the dialogue declares that it can stop the test.
 */
final class SmtpProbeStop extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean dialogueInSync;

    /**
     * @param verdict        one plain-language sentence for the admin
     * @param dialogueInSync whether the server still expects a command, so a polite {@code QUIT} can follow; false
     *                       after garbage, injected bytes or a broken TLS layer
     */
    SmtpProbeStop(String verdict, boolean dialogueInSync) {
        super(verdict, null, false, false);
        this.dialogueInSync = dialogueInSync;
    }

    String verdict() {
        return getMessage();
    }

    boolean dialogueInSync() {
        return dialogueInSync;
    }
}
