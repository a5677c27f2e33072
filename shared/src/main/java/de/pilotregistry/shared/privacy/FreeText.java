package de.pilotregistry.shared.privacy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an event field that holds free text typed by a person. Free text can name anyone, so it goes only where it is
 * needed: the evaluators' export never has it, and integrations get it only when their subscription allows it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface FreeText {
}
