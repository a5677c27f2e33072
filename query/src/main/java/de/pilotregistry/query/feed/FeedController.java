package de.pilotregistry.query.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.pilotregistry.platform.Excerpt;
import de.pilotregistry.query.support.BadQuery;
import de.pilotregistry.query.support.ReadConsistency;
import io.cloudevents.jackson.JsonFormat;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The integrations' pull feed: every event exactly once, in global order, as a CloudEvents batch. A consumer keeps
 * the last {@code sequence} it processed and asks for what comes after it (or follows {@code Link: rel="next"}).
 */
@RestController
class FeedController {

    static final MediaType BATCH = MediaType.parseMediaType("application/cloudevents-batch+json");
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private static final ObjectMapper CLOUD_EVENTS = new ObjectMapper()
            .registerModule(JsonFormat.getCloudEventJacksonModule());

    private final EventFeed feed;
    private final FeedSubscriptions subscriptions;
    private final FeedStreams streams;

    FeedController(EventFeed feed, FeedSubscriptions subscriptions, FeedStreams streams) {
        this.feed = feed;
        this.subscriptions = subscriptions;
        this.streams = streams;
    }

    /**
     * The user's subscription's events after position {@code after} (0: from the start), at most {@code limit} (1–1000,
     * default 100); empty only when nothing new is stored up to the safe position.
     */
    @GetMapping("/api/feed")
    @PreAuthorize("hasAnyRole('INTEGRATION', 'ADMIN')")
    ResponseEntity<byte[]> page(@RequestParam(required = false) String after,
                                @RequestParam(required = false) String limit, Authentication user) throws IOException {
        List<BadQuery.Problem> problems = new ArrayList<>();
        long from = number("after", after, 0, 0, Long.MAX_VALUE, problems);
        long size = number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT, problems);
        if (!problems.isEmpty()) {
            throw new BadQuery(problems);
        }
        EventFeed.Page page = feed.read(from, (int) size, subscriptions.of(user));
        String next = ServletUriComponentsBuilder.fromCurrentRequest()
                .replaceQueryParam("after", page.lastPosition()).replaceQueryParam("limit", size)
                .build().toUriString();
        return ResponseEntity.ok().contentType(BATCH)
                .header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"")
                .header(ReadConsistency.POSITION, Long.toString(page.safePosition()))
                .body(CLOUD_EVENTS.writeValueAsBytes(page.events()));
    }

    /**
     * The same events live, as server-sent events: {@code id:} = position, {@code data:} = the CloudEvent (structured
     * JSON); a comment line while idle. Resumes after {@code Last-Event-ID} (or {@code after}; else from the start).
     */
    @GetMapping("/api/feed/stream")
    @PreAuthorize("hasAnyRole('INTEGRATION', 'ADMIN')")
    SseEmitter stream(@RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                      @RequestParam(required = false) String after, Authentication user) {
        List<BadQuery.Problem> problems = new ArrayList<>();
        long from = lastEventId != null && !lastEventId.isBlank()
                ? number("Last-Event-ID", lastEventId, 0, 0, Long.MAX_VALUE, problems)
                : number("after", after, 0, 0, Long.MAX_VALUE, problems);
        if (!problems.isEmpty()) {
            throw new BadQuery(problems);
        }
        return streams.open(user.getName(), from, subscriptions.of(user));
    }

    /** The event catalog (AsyncAPI 3.0): every type, its fields and codes; the same file as docs/asyncapi.yaml. */
    @GetMapping("/api/feed/asyncapi.yaml")
    @PreAuthorize("isAuthenticated()")
    ResponseEntity<byte[]> catalog() throws IOException {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml"))
                .body(new ClassPathResource("feed/asyncapi.yaml").getContentAsByteArray());
    }

    static long number(String field, String text, long fallback, long min, long max, List<BadQuery.Problem> problems) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        problems.add(new BadQuery.Problem(field, "'" + Excerpt.of(text) + "' is not a whole number from " + min
                + (max == Long.MAX_VALUE ? " on" : " to " + max)));
        return fallback;
    }
}
