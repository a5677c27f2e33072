package de.pilotregistry.shared.privacy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an event field that holds personal data sealed under a subject key (docs/data-protection.md). Sealed values
 * stay inside the registry: nothing published to consumers (feed, stream, broker) carries them, not even as cipher
 * text, and readers open them only where the data-protection rules allow it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface SealedField {
}
