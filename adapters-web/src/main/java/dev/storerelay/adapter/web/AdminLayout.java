package dev.storerelay.adapter.web;

import gg.jte.Content;

import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

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

    /** A page whose content {@link Html} built (escaped there). */
    static String page(String title, List<String> breadcrumb, AdminSessions.Session session, Html content) {
        String built = content.toString();
        return page(title, breadcrumb, session, output -> output.writeContent(built));
    }

    /** A page whose content is the template {@code name} rendered with {@code params}. */
    static String page(String title, List<String> breadcrumb, AdminSessions.Session session, String name,
                       Map<String, Object> params) {
        return page(title, breadcrumb, session, Templates.content(name, params));
    }

    static String signedInAs(AdminSessions.Session session) {
        return "Signed in as " + session.user().username() + (session.user().canSetup() ? "" : " (view only)");
    }

    /**
     * The submit button of an action that destroys or discards something: styled apart ({@code danger}) and, with the
     * page's script, confirmed first. The question is in {@code data-confirm}, not in an {@code onclick}, because the
     * page's Content-Security-Policy runs no inline script.
     *
     * @param attributes more attributes, name/value pairs (e.g. an {@code aria-label})
     */
    static Html dangerButton(Html h, String label, String question, String... attributes) {
        String[] all = new String[attributes.length + 6];
        all[0] = "type";
        all[1] = "submit";
        all[2] = "class";
        all[3] = "danger";
        all[4] = "data-confirm";
        all[5] = question;
        System.arraycopy(attributes, 0, all, 6, attributes.length);
        return h.el("button", label, all);
    }

    /** The synchronizer token every form posts back. */
    static Html csrf(Html h, AdminSessions.Session session) {
        return h.hidden(AdminPageAccess.CSRF_FIELD, session.csrfToken());
    }

    /** A short notice above the content, e.g. "Saved." or a refusal. */
    /** Links to the previous and next page of a list, around the number of this one. */
    static Html paging(Html h, int page, boolean hasNext, IntFunction<String> hrefOfPage) {
        h.open("nav", "aria-label", "Pages", "class", "paging");
        if (page > 1) {
            h.el("a", "Previous page", "href", hrefOfPage.apply(page - 1), "rel", "prev");
        }
        h.el("span", " Page " + page + " ");
        if (hasNext) {
            h.el("a", "Next page", "href", hrefOfPage.apply(page + 1), "rel", "next");
        }
        return h.close("nav");
    }

    static Html notice(Html h, String text, boolean error) {
        if (text != null && !text.isEmpty()) {
            h.el("p", text, "class", error ? "notice error" : "notice", "role", error ? "alert" : "status");
        }
        return h;
    }
}
