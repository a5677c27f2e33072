package de.pilotregistry.query.privacy;

import de.pilotregistry.platform.Excerpt;
import de.pilotregistry.query.audit.access.AccessLog;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** A person's pilots and personal data, opened (docs/data-protection.md); every read is in the access log. */
@RestController
class PersonController {

    private final PersonData persons;
    private final AccessLog access;

    PersonController(PersonData persons, AccessLog access) {
        this.persons = persons;
        this.access = access;
    }

    @GetMapping("/api/persons/{person}")
    @PreAuthorize("hasAnyRole('ADMIN', 'DATA_STEWARD')")
    PersonData.Person person(@PathVariable String person) {
        PersonData.Person found = persons.of(person).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "No person '" + Excerpt.of(person) + "' in any population."));
        access.record(null, 1, person); // before a byte of it leaves
        return found;
    }
}
