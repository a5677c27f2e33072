package de.pilotregistry.query.pilots;

/**
 * The one rule by which the read side tells who held a participant on a day D as known at K, from the bitemporal
 * rows of {@code q_assignment}: an assignment counts when it starts on or before D and was recorded by K, unless
 * its end date is on or before D (the end date is the first day without it) and that end was recorded by K.
 */
public final class AssignmentRows {

    /**
     * A scalar subquery: the caseworker of the person of {@code member} (an alias of {@code q_member}) on
     * {@code :valid} as known at {@code :known}, or null.
     */
    public static String caseworkerOn(String member) {
        return """
                (select a.caseworker from q_assignment a where a.pilot_id = %1$s.pilot_id and a.person = %1$s.person
                    and a.effective_date <= :valid and a.recorded_at <= :known
                    and not (a.end_date is not null and a.end_date <= :valid and a.end_recorded_at <= :known)
                  order by a.effective_date desc, a.global_index desc limit 1)""".formatted(member);
    }

    private AssignmentRows() {
    }
}
