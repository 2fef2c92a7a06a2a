package dev.storerelay.application.port.out;

import dev.storerelay.domain.model.OrgTree;

/** Reads the organizational units. */
public interface LoadOrgTreePort {

    /** Every unit as one tree; empty when none is configured. */
    OrgTree loadOrgTree();
}
