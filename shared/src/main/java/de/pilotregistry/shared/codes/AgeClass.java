package de.pilotregistry.shared.codes;

import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;

/** Main age class, derived from the birth month on a reference date. */
public enum AgeClass {
    UNDER_25, FROM_25_TO_49, FROM_50;

    /**
     * Only year and month of birth are stored, so the age counts as if born on the first of that
     * month: someone born in March 1986 is 25 on every day of March 2011.
     */
    public static int ageOn(YearMonth birthMonth, LocalDate referenceDate) {
        return Period.between(birthMonth.atDay(1), referenceDate).getYears();
    }

    public static AgeClass of(YearMonth birthMonth, LocalDate referenceDate) {
        int age = ageOn(birthMonth, referenceDate);
        if (age < 25) {
            return UNDER_25;
        }
        return age < 50 ? FROM_25_TO_49 : FROM_50;
    }
}
