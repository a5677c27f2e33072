package de.pilotregistry.shared.codes;

/** How a contact took place (design proposal in DOMAIN.md). */
public enum ContactChannel {
    IN_PERSON, PHONE, VIDEO, WRITTEN, HOME_VISIT, GROUP_SESSION, EMPLOYER_CONTACT
}
