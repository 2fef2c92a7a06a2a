package dev.storerelay.adapter.web;

import gg.jte.Content;

import java.util.List;

/** The admin page's paths and the frame around every page ({@code layout.jte}): head, menu, breadcrumb, sign-out. */
final class AdminLayout {
    static final String STORES = AdminPageAccess.PREFIX + "/stores";
    static final String SMTP_SERVER = AdminPageAccess.PREFIX + "/setup/settings/communication/smtp-server";
    static final String DELIVERY_LOG = AdminPageAccess.PREFIX + "/delivery-log";
    static final String REFUSED = AdminPageAccess.PREFIX + "/refused";
    static final String UNITS = AdminPageAccess.PREFIX + "/setup/units";
    static final String USERS = AdminPageAccess.PREFIX + "/users";
    static final String AUDIT_LOG = AdminPageAccess.PREFIX + "/audit";
    /** The seed's path to the screen: Setup → Settings → Communication → SMTP Server. */
    static final List<String> SMTP_BREADCRUMB = List.of("Setup", "Settings", "Communication", "SMTP Server");

    private AdminLayout() {
    }

    /**
     * The whole document ({@code layout.jte}).
     *
     * @param session {@code null} on the sign-in page
     */
    static String page(String title, List<String> breadcrumb, AdminSessions.Session session, Content content) {
        return Templates.render("layout.jte", Templates.params("title", title, "breadcrumb", breadcrumb,
                "session", session, "content", content));
    }

    static String signedInAs(AdminSessions.Session session) {
        return "Signed in as " + session.user().username() + (session.user().canSetup() ? "" : " (view only)");
    }
}
