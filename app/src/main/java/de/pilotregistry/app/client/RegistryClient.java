package de.pilotregistry.app.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The registry's public HTTP API as the benchmarks and the demo use it: Basic authentication with the demo password
 * ({@code REGISTRY_DEMO_PASSWORD}, default {@code demo}), any answer above 2xx fails.
 */
public final class RegistryClient {

    private static final String PASSWORD = System.getenv().getOrDefault("REGISTRY_DEMO_PASSWORD", "demo");

    // HTTP/1.1 as the registry speaks it, without the h2c upgrade offer the JDK client sends by default
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    public RegistryClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String post(String user, String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), user, path);
    }

    /** A write; answers its Registry-Position. */
    public long postForPosition(String user, String path, String contentType, String body) {
        return postFile(user, path, contentType, body, null).position();
    }

    /** An answer and its Registry-Position. */
    public record Answer(String body, long position) {
    }

    /** A file as a delivery named {@code source} (header {@code Registry-Source}). */
    public Answer postFile(String user, String path, String contentType, String body, String source) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (source != null) {
            request.header("Registry-Source", URLEncoder.encode(source, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        HttpResponse<String> response = exchange(request, user, path);
        return new Answer(response.body(),
                Long.parseLong(response.headers().firstValue("Registry-Position").orElseThrow()));
    }

    public String get(String user, String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).GET(), user, path);
    }

    /** A long answer line by line as it arrives (server-sent events); closing the stream ends the request. */
    public java.util.stream.Stream<String> lines(String user, String path, String accept) {
        try {
            HttpResponse<java.util.stream.Stream<String>> response = http.send(HttpRequest.newBuilder(
                            URI.create(base + path)).header("Accept", accept).header("Authorization", authorization(user))
                    // until the answer's head arrives (a stream sends it with its first events): fail, never hang
                    .timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() >= 300) {
                response.body().close();
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String authorization(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private String send(HttpRequest.Builder request, String user, String path) {
        return exchange(request, user, path).body();
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request, String user, String path) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofMinutes(10))
                    .header("Authorization", authorization(user)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A string field of a flat JSON answer. */
    public static String field(String body, String name) {
        int at = body.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return body.substring(at, body.indexOf('"', at));
    }

    public static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
