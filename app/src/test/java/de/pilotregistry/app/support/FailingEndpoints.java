package de.pilotregistry.app.support;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only endpoints that fail the way a bug would (an unexpected exception), so tests can see what a client
 * gets for a 500. Only in the {@code test} profile of the in-JVM registry.
 */
@RestController
@Profile("test")
class FailingEndpoints {

    static final String SECRET = "SECRET-INTERNAL-DETAIL";

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @GetMapping("/api/test/failure")
    String failure() {
        throw new IllegalStateException(SECRET + " in a bug");
    }

    /** Fails on its first call for an id, then answers 201 with the number of calls so far. */
    @PostMapping("/api/test/fails-once/{id}")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Integer> failsOnce(@PathVariable String id) {
        int call = calls.computeIfAbsent(id, i -> new AtomicInteger()).incrementAndGet();
        if (call == 1) {
            throw new IllegalStateException(SECRET + " on the first call");
        }
        return Map.of("calls", call);
    }
}
