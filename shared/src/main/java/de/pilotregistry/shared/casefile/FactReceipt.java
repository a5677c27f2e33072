package de.pilotregistry.shared.casefile;

/**
 * What became of a delivered fact: recorded as new, recorded as a correction of an earlier fact, or
 * unchanged because the same source id with the same content was delivered before. {@code eventId} is the
 * new event's id (the earlier one's when unchanged); {@code sequence} its sequence number in the case.
 */
public record FactReceipt(Outcome outcome, String eventId, long sequence) {

    public enum Outcome { ACCEPTED, CORRECTED, UNCHANGED }
}
