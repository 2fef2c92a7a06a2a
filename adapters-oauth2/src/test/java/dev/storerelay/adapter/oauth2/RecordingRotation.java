package dev.storerelay.adapter.oauth2;

import dev.storerelay.application.port.out.RefreshTokenRotationPort;
import dev.storerelay.domain.model.Secret;
import dev.storerelay.domain.model.UnitId;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every rotation it is told of, and always stores. */
final class RecordingRotation implements RefreshTokenRotationPort {
    record Rotation(UnitId unit, Secret previous, Secret next) {
    }

    final List<Rotation> rotations = new CopyOnWriteArrayList<>();

    @Override
    public boolean rotated(UnitId unit, Secret previous, Secret next) {
        rotations.add(new Rotation(unit, previous, next));
        return true;
    }
}
