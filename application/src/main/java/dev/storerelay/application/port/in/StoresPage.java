package dev.storerelay.application.port.in;

import dev.storerelay.domain.model.StoreStatus;

import java.util.List;
import java.util.Map;

/**
 * One page of the stores overview.
 *
 * @param matching how many stores the query's filters let through, over all pages
 * @param byStatus how many stores of the whole chain are in each status (every status present)
 */
public record StoresPage(List<StoreOverview> stores, int matching, Map<StoreStatus, Integer> byStatus) {
    public StoresPage {
        stores = List.copyOf(stores);
        byStatus = Map.copyOf(byStatus);
    }
}
