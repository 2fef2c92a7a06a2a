package dev.storerelay.adapter.persistence;

import java.util.regex.Pattern;

/** Makes JDBC URLs fit for a log line. */
final class JdbcUrls {
    // jdbc:mariadb://user:secret@host/db and ?password=... both occur in the wild.
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?]*@");

    private JdbcUrls() {
    }

    /** The URL without a user-info part and without parameters, which may carry a password. */
    static String withoutCredentials(String jdbcUrl) {
        String url = jdbcUrl.strip();
        int query = url.indexOf('?');
        if (query >= 0) {
            url = url.substring(0, query);
        }
        return USER_INFO.matcher(url).replaceFirst("//");
    }
}
