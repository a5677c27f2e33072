package de.pilotregistry.shared.codes;

/** How a contact took place (code list in the README, "Fact types"). */
public enum ContactChannel {
    IN_PERSON, PHONE, VIDEO, WRITTEN, HOME_VISIT, GROUP_SESSION, EMPLOYER_CONTACT
}
