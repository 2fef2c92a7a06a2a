package dev.storerelay.application.port.in;

/**
 * The safety net under the release of held mail on a settings change: releases held mail whose store has a server
 * by now, however it got one (a change another process saw first, a hold recorded after the release, settings
 * restored into the database directly).
 */
public interface ReleaseHeldMailUseCase {

    /** Releases the held mail if any store holding mail now has an effective server; returns how many messages. */
    int releaseHeldMailWithServers();
}
