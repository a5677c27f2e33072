package de.pilotregistry.shared.codes;

/** Profiles of the BA four-phase model: the first three are close to integration, the last three complex. */
public enum ApplicantType {
    MARKET, ACTIVATION, SUPPORT, DEVELOPMENT, STABILISATION, ASSISTANCE
}
