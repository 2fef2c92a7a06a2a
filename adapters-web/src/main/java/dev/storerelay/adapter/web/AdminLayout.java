package dev.storerelay.adapter.web;

import java.util.List;
import java.util.function.IntFunction;

/** The frame around every admin page: head with the static style and script, menu, breadcrumb, sign-out. */
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
     * The whole document.
     *
     * @param session {@code null} on the sign-in page
     */
    static String page(String title, List<String> breadcrumb, AdminSessions.Session session, Html content) {
        Html h = new Html();
        h.open("html", "lang", "en").open("head").open("meta", "charset", "utf-8")
                .open("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .el("title", title + " – store-relay")
                .open("link", "rel", "stylesheet", "href", AdminPageAccess.ASSETS + "admin.css")
                .open("script", "src", AdminPageAccess.ASSETS + "admin.js", "defer", "defer").close("script")
                .close("head").open("body");
        // The first thing the keyboard reaches: past the menu and the unit tree, straight to the page's content.
        h.el("a", "Skip to content", "href", "#main", "class", "skip-link");
        h.open("header", "class", "top").el("p", "store-relay", "class", "brand");
        if (session != null) {
            menu(h, session);
        }
        h.close("header");
        if (!breadcrumb.isEmpty()) {
            h.open("nav", "aria-label", "Breadcrumb").open("ol", "class", "breadcrumb");
            for (int i = 0; i < breadcrumb.size(); i++) {
                boolean last = i == breadcrumb.size() - 1;
                h.el("li", breadcrumb.get(i), "aria-current", last ? "page" : null);
            }
            h.close("ol").close("nav");
        }
        h.open("main", "id", "main", "tabindex", "-1").el("h1", title).append(content).close("main").close("body").close("html");
        return "<!DOCTYPE html>\n" + h;
    }

    private static void menu(Html h, AdminSessions.Session session) {
        h.open("nav", "aria-label", "Menu").open("ul", "class", "menu")
                .open("li").el("a", "Stores", "href", STORES).close("li")
                .open("li").el("a", "SMTP Server", "href", SMTP_SERVER).close("li")
                .open("li").el("a", "Delivery log", "href", DELIVERY_LOG).close("li")
                .open("li").el("a", "Refused", "href", REFUSED).close("li")
                .open("li").el("a", "Units", "href", UNITS).close("li")
                .open("li").el("a", "Users", "href", USERS).close("li")
                .open("li").el("a", "Audit log", "href", AUDIT_LOG).close("li")
                .close("ul").close("nav");
        h.open("div", "class", "account")
                .el("span", "Signed in as " + session.user().username()
                        + (session.user().canSetup() ? "" : " (view only)"));
        h.open("form", "method", "post", "action", AdminPageAccess.SIGN_OUT, "class", "inline");
        csrf(h, session);
        h.el("button", "Sign out", "type", "submit").close("form").close("div");
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
