package dev.storerelay.bootstrap;

import java.util.ArrayList;
import java.util.List;

/** A CSV file of two regions and their stores, each with its own server, password, client network and rate. */
final class StoresCsv {
    static final String HEADER = "id,name,parentId,smtp.serverAddress,smtp.port,smtp.secureSocketOptions,smtp.login,"
            + "smtp.password,smtp.outgoingEmailAddress,routing.clientNetworks,limits.messagesPerMinute";

    private StoresCsv() {
    }

    /**
     * @param wrongStore the store (from 1) whose {@code column} gets {@code value}; 0 for none
     */
    static String stores(int count, int wrongStore, String column, String value) {
        List<String> header = List.of(HEADER.split(","));
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        csv.append("north,Region North,company,,,,,,,,\n");
        csv.append("south,Region South,company,,,,,,,,\n");
        for (int i = 1; i <= count; i++) {
            String id = "s%03d".formatted(i);
            List<String> cells = new ArrayList<>(List.of(id, "Store " + i, i % 2 == 0 ? "north" : "south",
                    "smtp." + id + ".example", "587", "START_TLS", id + "@mail.example", BulkImportIT.SECRET,
                    id + "@mail.example", "10.%d.%d.0/24".formatted(i / 256, i % 256), "30"));
            if (i == wrongStore) {
                cells.set(header.indexOf(column), value);
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        return csv.toString();
    }

    /** The CSV line of store {@code i}: the header is line 1, the regions lines 2 and 3. */
    static int lineOfStore(int i) {
        return 3 + i;
    }
}
